package org.remoting.runtime.internal.client;

import static java.util.Objects.requireNonNull;

import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.remoting.invocation.ClientProxies;
import org.remoting.runtime.internal.DaemonThreads;
import org.remoting.runtime.internal.config.ClientSettings;
import org.remoting.runtime.internal.lease.ClientLeases;
import org.remoting.runtime.internal.lease.LeaseService;
import org.remoting.runtime.internal.lease.LeaseToken;
import org.remoting.runtime.internal.local.InProcess;
import org.remoting.runtime.internal.local.LocalServers;
import org.remoting.runtime.internal.metrics.ClientMetrics;
import org.remoting.runtime.internal.schema.References;
import org.remoting.runtime.internal.schema.RemoteRef;
import org.remoting.runtime.internal.schema.SchemaCompiler;
import org.remoting.runtime.internal.wire.OneWayProtocol;
import org.remoting.time.Scheduler;
import org.remoting.time.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's connection to one server: the channel, the ordered one-way stream, a binding per
 * remote interface, the leases held on the server, and connections to the other servers that
 * received references point to ("peers", opened on first use and closed with this one).
 *
 * <p>As the {@link References} of its schema compiler it writes a proxy as the proxy's reference
 * (target empty when the proxy belongs to this connection, so the server knows the object is its
 * own) and reads a reference as a proxy, holding the lease of a leased object. Thread-safe.
 */
public final class ClientConnection implements References, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);
  private static final String IN_PROCESS = "in-process:";

  /**
   * What every connection of one client shares.
   *
   * @param deadline the deadline of each call
   * @param callbackExecutor where callbacks and continuations run
   * @param ticker the time source of lease renewals
   * @param scheduler runs lease renewals; null for a thread owned by the connection
   * @param preferInProcess whether to reach a server of this JVM over the in-process transport
   * @param retry how calls of idempotent methods are retried
   * @param tls the TLS credentials of network connections; null for plaintext
   * @param metrics times the unary calls
   */
  public record Settings(
      Duration deadline, java.util.concurrent.Executor callbackExecutor, Ticker ticker,
      Scheduler scheduler, boolean preferInProcess, ClientSettings.RetryPolicy retry,
      ChannelCredentials tls, ClientMetrics metrics) {}

  private final String target;
  private final InProcess.Timer inProcessTimer; // null over the network
  private final ManagedChannel channel;
  private final Channel calls; // the channel, timed when the client has a meter registry
  private final Settings settings;
  private final SchemaCompiler compiler = new SchemaCompiler(this);
  private final OneWayStream oneWay;
  private final Map<Class<?>, ClientBinding> bindings = new ConcurrentHashMap<>();
  private final Map<String, ClientConnection> peers = new ConcurrentHashMap<>();
  private final ClientLeases leases;
  private final ScheduledThreadPoolExecutor ownedScheduler; // null when settings has one
  private final ExecutorService releaser;
  private volatile boolean closed;

  private ClientConnection(
      String target, ManagedChannel channel, InProcess.Timer inProcessTimer, Settings settings) {
    this.target = target;
    this.channel = channel;
    this.calls = settings.metrics().intercept(channel);
    this.inProcessTimer = inProcessTimer;
    this.settings = settings;
    this.oneWay = new OneWayStream(channel, new OneWayProtocol(compiler), target);
    Scheduler scheduler = settings.scheduler();
    if (scheduler == null) {
      ownedScheduler =
          new ScheduledThreadPoolExecutor(1, DaemonThreads.named("remoting-lease-renewal"));
      ownedScheduler.setRemoveOnCancelPolicy(true);
      scheduler = Scheduler.of(ownedScheduler);
    } else {
      ownedScheduler = null;
    }
    // Threads start on first use only: a client without leases costs no thread.
    releaser = Executors.newSingleThreadExecutor(DaemonThreads.named("remoting-lease-release"));
    this.leases =
        new ClientLeases(
            target,
            this::leaseService,
            settings.ticker(),
            scheduler,
            releaser);
  }

  /**
   * Opens a connection (lazily: nothing is sent before the first call).
   *
   * @throws IllegalArgumentException if the target is not {@code host:port} or {@code
   *     in-process:NAME}
   */
  public static ClientConnection open(String target, Settings settings) {
    requireNonNull(target, "target");
    requireNonNull(settings, "settings");
    if (target.startsWith(IN_PROCESS)) {
      return inProcess(target, target.substring(IN_PROCESS.length()), settings);
    }
    int colon = target.lastIndexOf(':');
    int port = -1;
    try {
      port = colon <= 0 ? -1 : Integer.parseInt(target.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "malformed target '" + target + "': expected host:port or in-process:NAME");
    }
    // A TLS client never takes the in-process shortcut: it would skip the server's certificate.
    String alias =
        settings.preferInProcess() && settings.tls() == null
            ? LocalServers.aliasOf(target.substring(0, colon), port)
            : null;
    if (alias != null) {
      log.debug("{} is served in this JVM: connecting in-process", target);
      return inProcess(target, alias, settings);
    }
    ManagedChannel channel =
        settings.tls() == null
            ? NettyChannelBuilder.forTarget(target).usePlaintext().build()
            : NettyChannelBuilder.forTarget(target, settings.tls()).build();
    return new ClientConnection(target, channel, null, settings);
  }

  private static ClientConnection inProcess(String target, String serverName, Settings settings) {
    InProcess.Timer timer = InProcess.timer();
    return new ClientConnection(
        target, InProcess.channel(serverName, timer).build(), timer, settings);
  }

  /** Whether calls go over gRPC's in-process transport rather than the network. */
  public boolean inProcess() {
    return inProcessTimer != null;
  }

  /** The server's lease service; its calls' deadline is at most {@code atMost} when given. */
  private LeaseService leaseService(Duration atMost) {
    LeaseService service = proxy(LeaseService.class, null, null);
    return atMost == null || atMost.compareTo(settings.deadline()) >= 0
        ? service
        : org.remoting.runtime.Remoting.withDeadline(service, atMost);
  }

  /** The target, as given. */
  public String target() {
    return target;
  }

  /**
   * After a call found the server unreachable: the next call connects at once instead of
   * waiting out gRPC's reconnect backoff.
   */
  void reconnectSoon() {
    channel.resetConnectBackoff();
  }

  /** The channel of unary calls. */
  Channel channel() {
    return calls;
  }

  OneWayStream oneWay() {
    return oneWay;
  }

  ClientSettings.RetryPolicy retry() {
    return settings.retry();
  }

  java.util.concurrent.Executor callbackExecutor() {
    return settings.callbackExecutor();
  }

  /** The leases this connection holds on its server. */
  public ClientLeases leases() {
    return leases;
  }

  /**
   * A proxy for object {@code objectId} ({@code null}: the default object) of {@code type}'s
   * service, holding {@code lease} when the object is leased.
   *
   * @throws org.remoting.InvalidRemoteInterfaceException if the interface cannot be used remotely
   * @throws IllegalArgumentException if the id is malformed
   */
  public <T> T proxy(Class<T> type, String objectId, LeaseToken lease) {
    requireNonNull(type, "type");
    ClientBinding binding =
        bindings.computeIfAbsent(type, t -> new ClientBinding(compiler.compile(t)));
    GrpcRequestor requestor =
        new GrpcRequestor(binding, this, objectId, settings.deadline(), lease);
    return ClientProxies.create(type, requestor, "Proxy[" + requestor.describe() + "]");
  }

  /**
   * The reference a proxy of any connection stands for, with the target as that connection
   * reaches its server; null if {@code value} is not such a proxy.
   */
  public static RemoteRef referenceOf(Object value) {
    GrpcRequestor requestor = GrpcRequestor.of(value);
    return requestor == null ? null : requestor.reference(requestor.connection().target);
  }

  @Override
  public RemoteRef toRef(Object value, Class<?> remoteType, String service) {
    GrpcRequestor requestor = GrpcRequestor.of(value);
    if (requestor == null) {
      throw new IllegalArgumentException(
          "a " + remoteType.getName() + " passed to a remote method must be a proxy from a"
              + " RemotingClient; a local object cannot be passed by reference, got "
              + value.getClass().getName());
    }
    ClientConnection owner = requestor.connection();
    return requestor.reference(owner == this ? "" : owner.target);
  }

  @Override
  public Object fromRef(RemoteRef ref, Class<?> remoteType, String service) {
    if (!ref.interfaceName().isEmpty() && !ref.interfaceName().equals(service)) {
      throw new IllegalArgumentException(
          "received a reference to a " + ref.interfaceName() + " where a " + service
              + " was expected");
    }
    ClientConnection connection =
        ref.target().isEmpty() || ref.target().equals(target) ? this : peer(ref.target());
    String objectId = ref.objectId().isEmpty() ? null : ref.objectId();
    LeaseToken lease =
        objectId != null && ref.lease() != null
            ? connection.leases.hold(service, objectId, ref.lease(), ref.grant())
            : null;
    return connection.proxy(remoteType, objectId, lease);
  }

  private ClientConnection peer(String peerTarget) {
    checkOpen();
    ClientConnection peer =
        peers.computeIfAbsent(
            peerTarget,
            t -> {
              log.debug("connecting to {}, named by a reference received from {}", t, target);
              return open(t, settings);
            });
    // close() sets closed before it closes the peers: either it saw this one, or this sees it.
    if (closed) {
      peers.remove(peerTarget, peer);
      peer.close();
      checkOpen();
    }
    return peer;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the client of " + target + " is closed");
    }
  }

  /** The connections to peers opened so far: for tests. */
  Collection<ClientConnection> peers() {
    return peers.values();
  }

  /** Whether {@link #close} was called: for tests. */
  boolean isClosed() {
    return closed;
  }

  /**
   * Ends the one-way stream and lets the server run the calls it received, then releases the
   * leases held (so those calls still find their objects), closes the peers, then the channel:
   * calls in flight get up to 5 seconds in all to finish, then are cancelled, and the one-way
   * calls the server has not started by then are dropped. Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    oneWay.close();
    boolean interrupted = false;
    try {
      if (!oneWay.awaitEnd(deadline)) {
        log.warn("one-way calls to {} not all run within 5 s of close(): the server drops those"
            + " it has not started", target);
      }
    } catch (InterruptedException e) {
      interrupted = true;
    }
    leases.close();
    peers.values().forEach(ClientConnection::close);
    channel.shutdown();
    try {
      if (interrupted
          || !channel.awaitTermination(
              Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      interrupted = true;
      channel.shutdownNow();
    }
    if (inProcessTimer != null) {
      inProcessTimer.release();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    releaser.shutdown();
    if (ownedScheduler != null) {
      ownedScheduler.shutdownNow();
    }
  }
}
