package org.remoting.runtime;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.ServerBuilder;
import io.grpc.ServerCredentials;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.remoting.InvalidConfigurationException;
import org.remoting.InvalidRemoteInterfaceException;
import org.remoting.Lifecycle;
import org.remoting.lifecycle.LifecycleManager;
import org.remoting.lifecycle.LifecycleManagers;
import org.remoting.lifecycle.LifecycleStats;
import org.remoting.lifecycle.ServantPolicy;
import org.remoting.lifecycle.lease.LeaseManager;
import org.remoting.lifecycle.lease.LeaseStats;
import org.remoting.runtime.internal.DaemonThreads;
import org.remoting.runtime.internal.config.PassivationSettings;
import org.remoting.runtime.internal.config.RemotingConfig;
import org.remoting.runtime.internal.lease.LeaseService;
import org.remoting.runtime.internal.local.AliasedServer;
import org.remoting.runtime.internal.local.InProcess;
import org.remoting.runtime.internal.lease.LeaseServiceServant;
import org.remoting.runtime.internal.metrics.ServerMetrics;
import org.remoting.runtime.internal.schema.InterfaceSchema;
import org.remoting.runtime.internal.schema.SchemaCompiler;
import org.remoting.runtime.internal.server.AccessControl;
import org.remoting.runtime.internal.server.Caller;
import org.remoting.runtime.internal.server.DefaultObjectRegistry;
import org.remoting.runtime.internal.server.ExportedService;
import org.remoting.runtime.internal.server.Http2Limits;
import org.remoting.runtime.internal.server.LeasedRegistry;
import org.remoting.runtime.internal.server.ServerReferences;
import org.remoting.runtime.internal.server.PassivatedServants;
import org.remoting.runtime.internal.server.ServantRegistry;
import org.remoting.runtime.internal.server.OneWayDelivery;
import org.remoting.runtime.internal.wire.Headers;
import org.remoting.runtime.internal.wire.OneWayProtocol;
import org.remoting.time.Scheduler;
import org.remoting.time.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server that exports servants as gRPC services: the server side of the framework.
 *
 * <pre>{@code
 * RemotingServer server = RemotingServer.builder()
 *     .port(7070)
 *     .export(Calculator.class, CalculatorImpl.class)
 *     .build()
 *     .start();
 * }</pre>
 *
 * <p>Each exported interface is one gRPC service; each call is dispatched by an invoker through
 * the servant's lifecycle manager, chosen by {@link org.remoting.Servant @Servant} and the
 * configuration. States follow {@link State}: {@code NEW → RUNNING → STOPPING → TERMINATED}
 * (or {@code FAILED} when start fails). {@link #shutdown()} is graceful, idempotent and returns at
 * once: new calls are rejected with {@code UNAVAILABLE}, in-flight calls run to completion (up to
 * {@code remoting.server.shutdown-timeout}), then the servants are discarded; {@link #close()}
 * does the same and waits. Thread-safe.
 *
 * <p>Over TCP it serves plaintext, or TLS and mutual TLS when {@code remoting.server.tls} is
 * enabled; an {@link Builder#accessPolicy AccessPolicy} may deny calls (see {@code
 * docs/security.md}).
 */
public final class RemotingServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RemotingServer.class);
  private static final String LEASES = "remoting.Leases";

  /** The server's lifecycle states. */
  public enum State {
    /** Built, not started. */
    NEW,
    /** Accepting calls. */
    RUNNING,
    /** Rejecting new calls, draining in-flight ones. */
    STOPPING,
    /** Stopped; every servant discarded. */
    TERMINATED,
    /** Failed to start; nothing is running. */
    FAILED
  }

  private final Map<String, ExportedService> services;
  private final OneWayDelivery oneWay;
  private final PassivatedServants passivated;
  private final HealthStatusManager health; // null when remoting.server.health = false
  private final ServerMetrics metrics;
  private final Server grpcServer;
  private final RemotingConfig config;
  private final ScheduledThreadPoolExecutor ownedScheduler;
  private final ExecutorService callPool; // threads on first use
  private final InProcess.Timer inProcessTimer; // of the in-process server or alias, or null
  private volatile String description; // the real port once started
  private final CountDownLatch terminated = new CountDownLatch(1);
  private volatile State state = State.NEW;

  private RemotingServer(
      Map<String, ExportedService> services,
      OneWayDelivery oneWay,
      PassivatedServants passivated,
      HealthStatusManager health,
      ServerMetrics metrics,
      Server grpcServer,
      RemotingConfig config,
      ScheduledThreadPoolExecutor ownedScheduler,
      ExecutorService callPool,
      InProcess.Timer inProcessTimer,
      String description) {
    this.services = services;
    this.oneWay = oneWay;
    this.passivated = passivated;
    this.health = health;
    this.metrics = metrics;
    this.grpcServer = grpcServer;
    this.config = config;
    this.ownedScheduler = ownedScheduler;
    this.callPool = callPool;
    this.inProcessTimer = inProcessTimer;
    this.description = description;
  }

  /** Starts building a server. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Creates the servants that exist from the start and begins accepting calls.
   *
   * @return this server
   * @throws IOException if the port cannot be bound; the server is then {@link State#FAILED}
   * @throws IllegalStateException if the server was already started
   * @throws org.remoting.lifecycle.ServantCreationException if a static servant's factory fails;
   *     the server is then {@link State#FAILED}
   */
  public synchronized RemotingServer start() throws IOException {
    if (state != State.NEW) {
      throw new IllegalStateException("server " + description + " is " + state + ", not NEW");
    }
    try {
      for (ExportedService service : services.values()) {
        service.objects().start();
      }
      grpcServer.start();
    } catch (Throwable e) {
      state = State.FAILED;
      grpcServer.shutdownNow();
      releaseEverything(Duration.ZERO);
      if (e instanceof IOException) {
        throw new IOException("could not start server on " + description + ": " + e.getMessage(), e);
      }
      throw e;
    }
    if (port() >= 0) {
      description = description.replaceFirst(":\\d+$", ":" + port());
    }
    for (ExportedService service : services.values()) {
      service.bindMeters(metrics);
    }
    if (health != null) {
      health.setStatus("", HealthCheckResponse.ServingStatus.SERVING);
      for (String service : services.keySet()) {
        health.setStatus(service, HealthCheckResponse.ServingStatus.SERVING);
      }
    }
    state = State.RUNNING;
    log.info("remoting server listening on {}, services {}", description, services.keySet());
    return this;
  }

  /** The port the server listens on (useful with port 0), or -1 for an in-process server. */
  public int port() {
    return grpcServer.getPort();
  }

  /** The current state. */
  public State state() {
    return state;
  }

  /**
   * Counters of the leases of a service whose objects remote methods return by reference: live
   * leases, objects registered, renewal batches, leases renewed, expired, released, destroyed.
   *
   * @throws IllegalArgumentException if the service has no leased objects on this server
   */
  public LeaseStats leaseStats(String serviceName) {
    if (service(serviceName).objects() instanceof LeasedRegistry leased) {
      return leased.manager().stats();
    }
    throw new IllegalArgumentException("service '" + serviceName + "' is not leased; it is "
        + service(serviceName).policy().lifecycle().configName());
  }

  /**
   * The names of the exported gRPC services: those exported by the builder, those whose objects
   * their methods return by reference (leased), and {@code remoting.Leases} when there are any.
   */
  public java.util.Set<String> services() {
    return services.keySet();
  }

  /**
   * The effective policy of an exported service's servant (after defaults, annotation, config).
   *
   * @throws IllegalArgumentException if no such service is exported
   */
  public ServantPolicy servantPolicy(String serviceName) {
    return service(serviceName).policy();
  }

  /**
   * Counters of the lifecycle manager of a service's default object: instances created,
   * discarded, in use, idle; callers waiting; waits that timed out.
   *
   * @throws IllegalArgumentException if no such service is exported
   */
  public LifecycleStats stats(String serviceName) {
    return service(serviceName).objects().stats();
  }

  private ExportedService service(String serviceName) {
    ExportedService service = services.get(serviceName);
    if (service == null) {
      throw new IllegalArgumentException(
          "no service '" + serviceName + "'; exported services: " + services.keySet());
    }
    return service;
  }

  /**
   * Starts a graceful shutdown and returns at once: new calls are rejected with
   * {@code UNAVAILABLE} from now on; in-flight calls may finish for up to {@code
   * remoting.server.shutdown-timeout}, then are cancelled; then every servant is discarded and
   * the server is {@link State#TERMINATED}. Safe to call from a servant method. Idempotent. A
   * server never started terminates at once.
   */
  public void shutdown() {
    stop(false);
  }

  /**
   * Starts a forceful shutdown and returns at once: like {@link #shutdown()}, but calls in
   * flight are cancelled now instead of drained (their clients get {@code UNAVAILABLE} or {@code
   * CANCELLED}; servant methods already running are not interrupted and finish unheard). Then
   * every servant is discarded, passivated ones saved. Also ends a graceful shutdown under way.
   * Idempotent.
   */
  public void shutdownNow() {
    stop(true);
  }

  private void stop(boolean now) {
    synchronized (this) {
      if (now && state == State.STOPPING) {
        grpcServer.shutdownNow();
        return;
      }
      if (state == State.NEW) {
        releaseEverything(Duration.ZERO);
        return;
      }
      if (state != State.RUNNING) {
        return;
      }
      state = State.STOPPING;
      log.info(
          "remoting server {} shutting down: rejecting new calls, draining those in flight for up"
              + " to {} ms",
          description,
          config.server().shutdownTimeout().toMillis());
      if (health != null) {
        health.enterTerminalState(); // NOT_SERVING for every service, before the drain
      }
      if (now) {
        grpcServer.shutdownNow();
      } else {
        grpcServer.shutdown();
      }
      oneWay.closeAll(); // long-lived streams would otherwise hold the drain until the timeout
    }
    // Not a daemon: a JVM whose main thread ends during shutdown still lets the calls drain.
    Thread drainer = new Thread(this::drainAndTerminate, "remoting-server-shutdown");
    drainer.start();
  }

  private void drainAndTerminate() {
    long timeoutMillis = config.server().shutdownTimeout().toMillis();
    try {
      if (!grpcServer.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS)) {
        log.warn(
            "server {}: calls still running after shutdown-timeout {} ms; cancelling them",
            description,
            timeoutMillis);
        grpcServer.shutdownNow();
        grpcServer.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      grpcServer.shutdownNow();
      Thread.currentThread().interrupt();
    } finally {
      releaseEverything(config.server().shutdownTimeout());
      log.info("remoting server {} terminated", description);
    }
  }

  /**
   * The end of every path to TERMINATED or FAILED: one-way lanes stop (their queued calls are
   * dropped, running ones finish), then every service's objects are discarded, passivated ones
   * saved, all within one {@code grace}; then the state stores close (left open when an object
   * could not be saved, so its save can still succeed), then the scheduler stops. A failure in
   * one step is logged and does not stop the others; the server terminates in any case.
   */
  private void releaseEverything(Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    boolean allSaved = true;
    try {
      oneWay.shutdownLanes(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      for (ExportedService service : services.values()) {
        try {
          allSaved &=
              service.objects().close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        } catch (Throwable e) {
          allSaved = false;
          log.error("server {}: closing {} failed", description, service.serviceName(), e);
        }
      }
      if (allSaved) {
        passivated.close();
      } else {
        log.warn(
            "server {}: some passivated objects were still busy; their state stores stay open so"
                + " their last saves can complete",
            description);
      }
    } catch (Throwable e) {
      log.error("server {}: shutdown step failed", description, e);
    } finally {
      stopScheduler();
      metrics.close();
      if (state != State.FAILED) {
        state = State.TERMINATED;
      }
      terminated.countDown();
    }
  }

  /** Blocks until the server has terminated (after {@link #shutdown()}, or a failed start). */
  public void awaitTermination() throws InterruptedException {
    terminated.await();
  }

  /**
   * Blocks until the server has terminated or {@code timeout} passes.
   *
   * @return whether the server has terminated
   */
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return terminated.await(timeout, unit);
  }

  /**
   * Shuts down gracefully and waits until the server has terminated: {@link #shutdown()} then
   * {@link #awaitTermination()}. An interrupt does not cut the wait short; it is restored after.
   */
  @Override
  public void close() {
    shutdown();
    boolean interrupted = false;
    while (true) {
      try {
        terminated.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void stopScheduler() {
    if (ownedScheduler != null) {
      ownedScheduler.shutdownNow();
    }
    callPool.shutdown(); // servant methods still running (after shutdownNow) finish
    if (inProcessTimer != null) {
      inProcessTimer.release();
    }
  }

  @Override
  public String toString() {
    return "RemotingServer[" + description + ", " + state + ", " + services.keySet() + "]";
  }

  /**
   * Builds a {@link RemotingServer}. Each option may be set once; {@link #build()} checks the
   * whole: interfaces valid, service names unique, configuration valid.
   */
  public static final class Builder {
    private final Map<Class<?>, Export> exports = new LinkedHashMap<>();
    private Integer port;
    private Config config;
    private String inProcessName;
    private Ticker ticker;
    private Scheduler scheduler;
    private AccessPolicy accessPolicy;
    private MeterRegistry meterRegistry;

    private Builder() {}

    /** The TCP port; 0 picks a free one. Default: {@code remoting.server.port}. */
    public Builder port(int port) {
      checkUnset(this.port, "port");
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be from 0 to 65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * The configuration whose {@code remoting} block tunes the server. Default: the class path's
     * {@code application.conf}. Either way it is layered over the built-in defaults and under
     * system properties.
     */
    public Builder config(Config config) {
      checkUnset(this.config, "config");
      this.config = requireNonNull(config, "config");
      return this;
    }

    /**
     * Serves over gRPC's in-process transport under {@code name} instead of TCP, for clients in
     * the same JVM connecting to {@code "in-process:" + name}.
     */
    public Builder inProcess(String name) {
      checkUnset(this.inProcessName, "inProcess");
      this.inProcessName = requireNonNull(name, "name");
      return this;
    }

    /** The time source for time-based lifecycle behaviour (pool idle). Default: system. */
    public Builder ticker(Ticker ticker) {
      checkUnset(this.ticker, "ticker");
      this.ticker = requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Where lifecycle managers schedule background work (pool shrinking). Default: one daemon
     * thread owned by the server.
     */
    public Builder scheduler(Scheduler scheduler) {
      checkUnset(this.scheduler, "scheduler");
      this.scheduler = requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * The authorization hook: {@code policy} sees every call (caller identity and address,
     * service, method, object id) before the server looks for its object, and denies it by
     * throwing {@link org.remoting.AccessDeniedException}; the client then gets {@code
     * PERMISSION_DENIED} and no servant runs. Default: every call is allowed. See {@link
     * AccessPolicy}.
     */
    public Builder accessPolicy(AccessPolicy policy) {
      checkUnset(this.accessPolicy, "accessPolicy");
      this.accessPolicy = requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Where the server records its metrics (Micrometer): a timer of every call per method and
     * outcome, gauges and counters of servant instances, leases and passivation, state store
     * timers; {@code docs/observability.md} lists them. The gauges and counters are registered
     * when the server starts and removed from the registry when it terminates; timers appear
     * with the first call they count, and stay. Default: none, and nothing is measured.
     */
    public Builder meterRegistry(MeterRegistry registry) {
      checkUnset(this.meterRegistry, "meterRegistry");
      this.meterRegistry = requireNonNull(registry, "registry");
      return this;
    }

    /**
     * Exports {@code remoteInterface}, served by instances of {@code servantClass} created with
     * its no-argument constructor. {@code @Servant} on {@code servantClass} sets the lifecycle.
     *
     * @throws IllegalArgumentException if the class has no no-argument constructor, or the
     *     interface is exported already
     */
    public <T> Builder export(Class<T> remoteInterface, Class<? extends T> servantClass) {
      requireNonNull(servantClass, "servantClass");
      return exportWithConstructor(remoteInterface, servantClass);
    }

    private <T, S extends T> Builder exportWithConstructor(
        Class<T> remoteInterface, Class<S> servantClass) {
      MethodHandle noArg = constructor(servantClass, MethodType.methodType(void.class));
      MethodHandle byId = constructor(servantClass, MethodType.methodType(void.class, String.class));
      if (noArg == null && byId == null) {
        throw new IllegalArgumentException(
            servantClass.getName()
                + " has no accessible no-argument or (String objectId) constructor; pass a"
                + " factory with export(remoteInterface, servantClass, factory)");
      }
      return add(
          remoteInterface,
          servantClass,
          noArg == null ? null : () -> construct(noArg, servantClass),
          byId == null ? null : id -> construct(byId, servantClass, id));
    }

    /**
     * Exports {@code remoteInterface} for a {@linkplain org.remoting.Lifecycle#PASSIVATED
     * passivated} servant: {@code factory} creates the instance of an object id that has no
     * stored state (its state then comes from {@code Passivatable.activate} when there is).
     *
     * @throws IllegalArgumentException if {@code servantClass} does not implement the interface,
     *     or the interface is exported already
     */
    public <T, S extends T> Builder export(
        Class<T> remoteInterface, Class<S> servantClass, Function<String, ? extends S> factory) {
      requireNonNull(factory, "factory");
      return add(remoteInterface, servantClass, null, factory);
    }

    /**
     * Exports {@code remoteInterface}, served by instances that {@code factory} creates; the
     * lifecycle decides when it is called. {@code @Servant} on {@code servantClass} (the class
     * the factory creates) sets the lifecycle: the framework never creates an instance just to
     * look at its class.
     *
     * @throws IllegalArgumentException if {@code servantClass} does not implement the interface,
     *     or the interface is exported already
     */
    public <T, S extends T> Builder export(
        Class<T> remoteInterface, Class<S> servantClass, Supplier<? extends S> factory) {
      requireNonNull(factory, "factory");
      return add(remoteInterface, servantClass, factory, null);
    }

    private Builder add(
        Class<?> remoteInterface,
        Class<?> servantClass,
        Supplier<?> factory,
        Function<String, ?> idFactory) {
      requireNonNull(remoteInterface, "remoteInterface");
      requireNonNull(servantClass, "servantClass");
      if (!remoteInterface.isAssignableFrom(servantClass)) {
        throw new IllegalArgumentException(
            servantClass.getName() + " does not implement " + remoteInterface.getName());
      }
      if (exports.containsKey(remoteInterface)) {
        throw new IllegalArgumentException(remoteInterface.getName() + " is exported already");
      }
      exports.put(remoteInterface, new Export(servantClass, factory, idFactory));
      return this;
    }

    /**
     * Checks everything and builds the server, not yet started.
     *
     * @throws IllegalStateException if nothing was exported
     * @throws InvalidRemoteInterfaceException if an interface cannot be used remotely
     * @throws InvalidConfigurationException if the configuration has an unknown key or a bad
     *     value
     */
    public RemotingServer build() {
      if (exports.isEmpty()) {
        throw new IllegalStateException("nothing to serve: call export(...) before build()");
      }
      RemotingConfig settings = RemotingConfig.load(config, RemotingServer.class.getClassLoader());
      ServerCredentials tls = tlsCredentials(settings);
      ScheduledThreadPoolExecutor owned = null;
      Scheduler effectiveScheduler = scheduler;
      if (effectiveScheduler == null) {
        owned = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("remoting-scheduler"));
        owned.setRemoveOnCancelPolicy(true);
        effectiveScheduler = Scheduler.of(owned);
      }
      Ticker effectiveTicker = ticker != null ? ticker : Ticker.system();
      AccessControl access = AccessControl.of(accessPolicy);
      ServerMetrics metrics = ServerMetrics.of(meterRegistry);
      ServerReferences references = new ServerReferences();
      SchemaCompiler compiler = new SchemaCompiler(references);
      Map<String, ExportedService> services = new LinkedHashMap<>();
      Set<String> direct = new HashSet<>(); // services whose calls run on the transport thread
      // Threads start on first use: calls of services that are not direct when some are, and
      // servant code reacting to cancellations.
      ExecutorService callPool =
          Executors.newCachedThreadPool(DaemonThreads.named("remoting-server-call"));
      PassivatedServants passivated =
          new PassivatedServants(compiler, effectiveTicker, effectiveScheduler, metrics);
      InProcess.Timer inProcessTimer = null;
      try {
        for (Map.Entry<Class<?>, Export> entry : exports.entrySet()) {
          InterfaceSchema schema = compiler.compile(entry.getKey());
          String name = schema.serviceName();
          if (services.containsKey(name)) {
            throw new InvalidRemoteInterfaceException(
                "service name "
                    + name
                    + " is used by both "
                    + services.get(name).schema().type().getName()
                    + " and "
                    + entry.getKey().getName()
                    + "; give one a different name with @Remote(\"...\")");
          }
          Export export = entry.getValue();
          ServantPolicy policy = settings.servantPolicy(name, export.servantClass());
          PassivationSettings passivation =
              settings.passivationSettings(name, export.servantClass()); // validated for all
          settings.leasePolicy(name, export.servantClass()); // validated for all, though unused
          ServantRegistry objects;
          if (policy.lifecycle() == Lifecycle.PASSIVATED) {
            Function<String, ?> byId =
                export.idFactory() != null ? export.idFactory() : id -> export.factory().get();
            objects =
                passivated.registry(
                    name,
                    export.servantClass(),
                    byId,
                    passivation);
          } else {
            if (export.factory() == null) {
              throw new IllegalArgumentException(
                  "service " + name + " has lifecycle " + policy.lifecycle().configName()
                      + ", which creates servants without an object id, but "
                      + export.servantClass().getName()
                      + " was exported with an id factory only; give it a no-argument factory");
            }
            @SuppressWarnings("unchecked")
            Supplier<Object> factory = (Supplier<Object>) export.factory();
            objects =
                new DefaultObjectRegistry(
                    LifecycleManagers.create(
                        name, policy, factory, effectiveTicker, effectiveScheduler));
          }
          services.put(name, new ExportedService(schema, policy, objects, access, metrics, callPool));
          if (settings.directExecutor(name, export.servantClass())) {
            direct.add(name);
          }
        }
        exportReferenced(compiler, references, services, direct, settings, effectiveTicker,
            effectiveScheduler, access, metrics, callPool);
        settings.checkServantNames(services.keySet());
        OneWayDelivery oneWay = new OneWayDelivery(new OneWayProtocol(compiler), services.values());

        HealthStatusManager health = settings.server().health() ? new HealthStatusManager() : null;
        CallExecutors executors = CallExecutors.NONE;
        if (!direct.isEmpty()) {
          Set<String> directMethods = new HashSet<>();
          for (String name : direct) {
            directMethods.addAll(services.get(name).directMethods());
          }
          executors = new CallExecutors(Set.copyOf(directMethods), callPool);
        }
        Server grpcServer;
        String description;
        if (inProcessName != null) {
          inProcessTimer = InProcess.timer();
          grpcServer =
              serving(InProcess.server(inProcessName, inProcessTimer), services, oneWay, health,
                  settings, executors);
          description = "in-process:" + inProcessName;
        } else {
          int effectivePort = port != null ? port : settings.server().port();
          String host = settings.server().host();
          InetSocketAddress address = settings.serverAddress(effectivePort);
          Server network =
              serving(
                  Http2Limits.apply(
                      tls == null
                          ? NettyServerBuilder.forAddress(address)
                          : NettyServerBuilder.forAddress(address, tls),
                      settings.server()),
                  services, oneWay, health, settings, executors);
          if (tls == null) {
            // Clients in this JVM that target the port reach the same services in-process.
            String aliasName = "remoting-local-" + java.util.UUID.randomUUID();
            inProcessTimer = InProcess.timer();
            Server alias =
                serving(InProcess.server(aliasName, inProcessTimer), services, oneWay, health,
                    settings, executors);
            grpcServer = new AliasedServer(network, alias, aliasName);
          } else {
            // No in-process alias: it would bypass TLS and client certificates (decision 30).
            grpcServer = network;
          }
          description = host + ":" + effectivePort;
        }
        return new RemotingServer(
            services, oneWay, passivated, health, metrics, grpcServer, settings, owned, callPool,
            inProcessTimer, description);
      } catch (RuntimeException | Error e) {
        passivated.close(); // releases the file stores' directory locks
        if (owned != null) {
          owned.shutdownNow();
        }
        callPool.shutdownNow();
        if (inProcessTimer != null) {
          inProcessTimer.release();
        }
        throw e;
      }
    }

    /**
     * The TLS credentials of {@code remoting.server.tls}, or null when TLS is off.
     *
     * @throws InvalidConfigurationException if a key store cannot be used, or TLS is on for an
     *     in-process server
     */
    private ServerCredentials tlsCredentials(RemotingConfig settings) {
      ServerCredentials tls = settings.serverCredentials();
      if (tls != null && inProcessName != null) {
        throw new InvalidConfigurationException(
            "remoting.server.tls.enabled = true, but this server is in-process"
                + " (Builder.inProcess(\"" + inProcessName + "\")), and gRPC's in-process"
                + " transport has no TLS; serve on a port, or turn TLS off");
      }
      if (tls != null) {
        log.info("remoting.server.tls is enabled: the server accepts TLS connections only");
      } else if (settings.serverTlsStoresIgnored()) {
        log.warn("remoting.server.tls names key stores, but tls.enabled = false: serving"
            + " plaintext");
      }
      return tls;
    }

    /**
     * Exports, as leased services, the remote interfaces that exported methods pass by reference
     * (and those that their methods pass, and so on), and the lease protocol if there are any.
     */
    private static void exportReferenced(
        SchemaCompiler compiler,
        ServerReferences references,
        Map<String, ExportedService> services,
        Set<String> direct,
        RemotingConfig settings,
        Ticker ticker,
        Scheduler scheduler,
        AccessControl access,
        ServerMetrics metrics,
        Executor userCode) {
      Map<String, LeasedRegistry> registries = new LinkedHashMap<>();
      java.util.List<Class<?>> referenced;
      for (int done = 0; (referenced = compiler.referencedInterfaces()).size() > done; done++) {
        Class<?> type = referenced.get(done);
        InterfaceSchema schema = compiler.compile(type); // may reference more interfaces
        String name = schema.serviceName();
        ExportedService exported = services.get(name);
        if (exported != null) {
          throw new IllegalArgumentException(
              exported.schema().type() != type
                  ? "service name " + name + " is used by both "
                      + exported.schema().type().getName() + " and " + type.getName()
                  : "service " + name + " is exported with lifecycle "
                      + exported.policy().lifecycle().configName() + ", but remote methods"
                      + " return its objects by reference, and those are leased; do not export "
                      + type.getName() + " (configure its lease under remoting.servants.\""
                      + name + "\")");
        }
        ServantPolicy policy = settings.referencedPolicy(name);
        LeaseManager<Object> manager =
            new LeaseManager<>(name, settings.leasePolicy(name, null), ticker, scheduler);
        LeasedRegistry registry = new LeasedRegistry(manager, settings.leaseMaxPerClient(name));
        registries.put(name, registry);
        services.put(name, new ExportedService(schema, policy, registry, access, metrics, userCode));
        if (settings.directExecutor(name, null)) {
          direct.add(name);
        }
      }
      references.bind(registries);
      if (!registries.isEmpty()) {
        LeaseServiceServant leases = new LeaseServiceServant(registries);
        services.put(
            LEASES,
            new ExportedService(
                compiler.compile(LeaseService.class),
                ServantPolicy.DEFAULT,
                new DefaultObjectRegistry(
                    LifecycleManagers.create(
                        LEASES, ServantPolicy.DEFAULT, () -> leases, ticker, scheduler)),
                access,
                metrics,
                userCode));
      }
    }

    /**
     * Where calls run when some services have {@code executor = direct}: their methods (but
     * those returning a poll object) on the thread that delivers the request, unless the call is
     * an asynchronous one from a client in this JVM ({@link Headers#ASYNC}); every other call
     * (the built-in services' too) on the call pool. {@link #NONE}: all on gRPC's default
     * executor.
     */
    private record CallExecutors(Set<String> directMethods, Executor callPool)
        implements ServerCallExecutorSupplier {
      static final CallExecutors NONE = new CallExecutors(Set.of(), null);

      @Override
      public <ReqT, RespT> Executor getExecutor(ServerCall<ReqT, RespT> call, Metadata headers) {
        return directMethods.contains(call.getMethodDescriptor().getFullMethodName())
                && !headers.containsKey(Headers.ASYNC)
            ? null
            : callPool;
      }
    }

    /** A gRPC server on {@code transport} serving the services and the built-in ones. */
    private static Server serving(
        ServerBuilder<?> transport,
        Map<String, ExportedService> services,
        OneWayDelivery oneWay,
        HealthStatusManager health,
        RemotingConfig settings,
        CallExecutors executors) {
      if (executors.callPool() != null) {
        // The calls of direct services run on the transport thread, the others on the pool.
        transport.directExecutor();
        transport.callExecutor(executors);
      }
      transport.maxInboundMessageSize(settings.server().maxInboundMessageSize());
      transport.maxInboundMetadataSize(settings.server().maxInboundMetadataSize());
      transport.addTransportFilter(Caller.FILTER); // who calls: identity, address
      for (ExportedService service : services.values()) {
        transport.addService(service.definition());
      }
      transport.addService(oneWay.definition());
      if (health != null) {
        transport.addService(health.getHealthService());
      }
      if (settings.server().reflection()) {
        transport.addService(ProtoReflectionServiceV1.newInstance());
      }
      return transport.build();
    }

    /** The constructor of {@code type} with {@code signature} as a handle, or null if none. */
    private static MethodHandle constructor(Class<?> type, MethodType signature) {
      try {
        Constructor<?> declared = type.getDeclaredConstructor(signature.parameterArray());
        declared.setAccessible(true);
        return MethodHandles.lookup().unreflectConstructor(declared);
      } catch (NoSuchMethodException | IllegalAccessException | RuntimeException e) {
        return null;
      }
    }

    private static Object construct(MethodHandle constructor, Class<?> type, Object... args) {
      try {
        return type.cast(constructor.invokeWithArguments(args));
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable checked) {
        throw new IllegalStateException(checked);
      }
    }

    private static void checkUnset(Object current, String option) {
      if (current != null) {
        throw new IllegalStateException(option + " is already set");
      }
    }

    private record Export(Class<?> servantClass, Supplier<?> factory, Function<String, ?> idFactory) {}
  }
}
