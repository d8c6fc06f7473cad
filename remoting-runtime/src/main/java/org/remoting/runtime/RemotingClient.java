package org.remoting.runtime;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.remoting.InvalidConfigurationException;
import org.remoting.InvalidRemoteInterfaceException;
import org.remoting.runtime.internal.DaemonThreads;
import org.remoting.runtime.internal.client.ClientConnection;
import org.remoting.runtime.internal.config.RemotingConfig;
import org.remoting.runtime.internal.metrics.ClientMetrics;
import org.remoting.time.Scheduler;
import org.remoting.time.Ticker;

/**
 * A connection to one server, from which client proxies are looked up: the client side of the
 * framework.
 *
 * <pre>{@code
 * try (RemotingClient client = RemotingClient.connect("localhost:7070")) {
 *   Calculator calc = client.lookup(Calculator.class);
 *   int sum = calc.add(1, 2);
 * }
 * }</pre>
 *
 * <p>Targets are {@code host:port} (TCP: plaintext, or TLS when {@code remoting.client.tls} is
 * enabled) or {@code in-process:NAME} (a server in the same JVM built with {@link
 * RemotingServer.Builder#inProcess}; never TLS). Connecting is lazy: an
 * unreachable server shows as a {@link org.remoting.ServerUnreachableException} on the first
 * call. Proxies are thread-safe and may be shared; {@link #close()} ends their use.
 */
public final class RemotingClient implements AutoCloseable {
  private final ClientConnection connection;
  private final ExecutorService ownedCallbackExecutor; // null when the user supplied one

  private RemotingClient(ClientConnection connection, ExecutorService ownedCallbackExecutor) {
    this.connection = connection;
    this.ownedCallbackExecutor = ownedCallbackExecutor;
  }

  /**
   * Connects to {@code target} with the class path's configuration ({@code application.conf}
   * over the built-in defaults).
   *
   * @throws IllegalArgumentException if the target is malformed
   */
  public static RemotingClient connect(String target) {
    return builder().target(target).build();
  }

  /** Starts building a client. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A proxy for the default object of {@code remoteInterface}'s service.
   *
   * @throws InvalidRemoteInterfaceException if the interface cannot be used remotely
   */
  public <T> T lookup(Class<T> remoteInterface) {
    return proxy(remoteInterface, null);
  }

  /**
   * A proxy for the object {@code objectId} of {@code remoteInterface}'s service. Whether the
   * object exists is checked by the server at each call ({@link
   * org.remoting.ObjectNotFoundException}).
   *
   * @throws InvalidRemoteInterfaceException if the interface cannot be used remotely
   * @throws IllegalArgumentException if the id is not 1 to 256 printable ASCII characters
   */
  public <T> T lookup(Class<T> remoteInterface, String objectId) {
    return proxy(remoteInterface, requireNonNull(objectId, "objectId"));
  }

  private <T> T proxy(Class<T> remoteInterface, String objectId) {
    requireNonNull(remoteInterface, "remoteInterface");
    return connection.proxy(remoteInterface, objectId, null);
  }

  /** The target this client connects to. */
  public String target() {
    return connection.target();
  }

  /**
   * Whether calls go over gRPC's in-process transport: the target is {@code in-process:NAME}, or
   * a {@code host:port} served by a plaintext {@link RemotingServer} in this JVM (unless {@code
   * remoting.client.prefer-in-process = false} or this client uses TLS), checked when the client
   * is built.
   */
  public boolean inProcess() {
    return connection.inProcess();
  }

  /** How many leased objects this client holds on its server, for diagnostics. */
  public int leasedObjects() {
    return connection.leases().size();
  }

  /**
   * Closes the connection: calls in flight, and the fire-and-forget and sync-with-server calls
   * sent before, get up to 5 seconds to finish, then are cancelled (one-way calls the server has
   * not started by then are dropped, logged at WARN);
   * later calls through this client's proxies fail with
   * {@link org.remoting.ServerUnreachableException}. Idempotent.
   */
  @Override
  public void close() {
    connection.close();
    if (ownedCallbackExecutor != null) {
      ownedCallbackExecutor.shutdown(); // callbacks already queued still run
    }
  }

  @Override
  public String toString() {
    return "RemotingClient[" + connection.target() + "]";
  }

  /** Builds a {@link RemotingClient}. Each option may be set once. */
  public static final class Builder {
    private String target;
    private Config config;
    private Duration deadline;
    private Executor callbackExecutor;
    private Ticker ticker;
    private Scheduler scheduler;
    private MeterRegistry meterRegistry;

    private Builder() {}

    /**
     * Where the client records a timer of its calls (Micrometer), per method and outcome:
     * {@code remoting.client.calls}, see {@code docs/observability.md}. Fire-and-forget and
     * sync-with-server calls are not timed on the client. Default: none, and nothing is measured.
     */
    public Builder meterRegistry(MeterRegistry registry) {
      if (this.meterRegistry != null) {
        throw new IllegalStateException("meterRegistry is already set");
      }
      this.meterRegistry = requireNonNull(registry, "registry");
      return this;
    }

    /** The time source of the lease renewal schedule. Default: system. */
    public Builder ticker(Ticker ticker) {
      if (this.ticker != null) {
        throw new IllegalStateException("ticker is already set");
      }
      this.ticker = requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Where lease renewals are scheduled. Default: one daemon thread owned by the client, started
     * when the client first holds a leased object.
     */
    public Builder scheduler(Scheduler scheduler) {
      if (this.scheduler != null) {
        throw new IllegalStateException("scheduler is already set");
      }
      this.scheduler = requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Where {@link org.remoting.ResultCallback}s and continuations of asynchronous calls run.
     * Default: a pool of daemon threads named {@code remoting-callback-N}, owned by the client.
     * Never a gRPC transport thread.
     */
    public Builder callbackExecutor(Executor executor) {
      if (this.callbackExecutor != null) {
        throw new IllegalStateException("callbackExecutor is already set");
      }
      this.callbackExecutor = requireNonNull(executor, "executor");
      return this;
    }

    /** {@code host:port} or {@code in-process:NAME}. Required. */
    public Builder target(String target) {
      if (this.target != null) {
        throw new IllegalStateException("target is already set");
      }
      this.target = requireNonNull(target, "target");
      return this;
    }

    /** The configuration whose {@code remoting.client} block applies. */
    public Builder config(Config config) {
      if (this.config != null) {
        throw new IllegalStateException("config is already set");
      }
      this.config = requireNonNull(config, "config");
      return this;
    }

    /** The deadline of each call; overrides {@code remoting.client.deadline}. */
    public Builder deadline(Duration deadline) {
      if (this.deadline != null) {
        throw new IllegalStateException("deadline is already set");
      }
      requireNonNull(deadline, "deadline");
      if (deadline.isNegative() || deadline.isZero()) {
        throw new IllegalArgumentException("deadline must be positive, got " + deadline);
      }
      this.deadline = deadline;
      return this;
    }

    /**
     * Builds the client.
     *
     * @throws IllegalStateException if no target was set
     * @throws IllegalArgumentException if the target is malformed
     * @throws InvalidConfigurationException if the configuration is invalid, or a key store of
     *     {@code remoting.client.tls} cannot be used
     */
    public RemotingClient build() {
      if (target == null) {
        throw new IllegalStateException("target is required: host:port or in-process:NAME");
      }
      RemotingConfig settings = RemotingConfig.load(config, RemotingClient.class.getClassLoader());
      Duration effectiveDeadline = deadline != null ? deadline : settings.client().deadline();
      ExecutorService owned = null;
      Executor callbacks = callbackExecutor;
      if (callbacks == null) {
        owned = Executors.newCachedThreadPool(DaemonThreads.named("remoting-callback"));
        callbacks = owned;
      }
      ClientConnection connection =
          ClientConnection.open(
              target,
              new ClientConnection.Settings(
                  effectiveDeadline,
                  callbacks,
                  ticker != null ? ticker : Ticker.system(),
                  scheduler,
                  settings.client().preferInProcess(),
                  settings.client().retry(),
                  settings.clientCredentials(),
                  ClientMetrics.of(meterRegistry)));
      return new RemotingClient(connection, owned);
    }
  }
}
