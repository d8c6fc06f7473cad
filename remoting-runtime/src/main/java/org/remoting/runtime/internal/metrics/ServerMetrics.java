package org.remoting.runtime.internal.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.remoting.lifecycle.LifecycleStats;
import org.remoting.lifecycle.lease.LeaseManager;
import org.remoting.lifecycle.passivation.PassivationManager;
import org.remoting.lifecycle.store.StateStore;

/**
 * The meters of one server, in one {@link MeterRegistry}: call timers per method, gauges and
 * counters read from the lifecycle managers' stats, state store timers. {@link #NONE} records
 * nothing and costs nothing: a server built without a registry uses it.
 *
 * <p>Gauges and function counters read the managers' stats when the registry is read, and hold
 * their managers weakly (Micrometer's default). They belong to this server's objects, so {@link
 * #close()} removes them, and a later server with the same services in the same registry
 * registers its own. Timers stay: they count calls of a service, whichever server ran them, and
 * the registry hands every server the same timer for the same tags. Thread-safe.
 */
public final class ServerMetrics {
  /** Timer: every call of a remote method. Tags: service, method, style, outcome. */
  public static final String CALLS = "remoting.server.calls";
  /** Function counter: servant instances created. Tag: service. */
  public static final String INSTANCES_CREATED = "remoting.server.instances.created";
  /** Function counter: servant instances discarded. Tag: service. */
  public static final String INSTANCES_DESTROYED = "remoting.server.instances.destroyed";
  /** Gauge: servant instances alive. Tags: service, state (in-use, idle). */
  public static final String INSTANCES = "remoting.server.instances";
  /** Gauge: calls waiting for an instance. Tag: service. */
  public static final String WAITING = "remoting.server.instances.waiting";
  /** Function counter: waits for an instance that timed out. Tag: service. */
  public static final String WAIT_TIMEOUTS = "remoting.server.instances.wait.timeouts";

  /** Gauge: live leases. Tag: service. */
  public static final String LEASES_ACTIVE = "remoting.server.leases.active";
  /** Function counter: leased objects registered. Tag: service. */
  public static final String LEASES_REGISTERED = "remoting.server.leases.registered";
  /** Function counter: renewal batches that named this service. Tag: service. */
  public static final String LEASES_RENEW_CALLS = "remoting.server.leases.renew.calls";
  /** Function counter: leases renewed. Tag: service. */
  public static final String LEASES_RENEWED = "remoting.server.leases.renewed";
  /** Function counter: leases that ran out. Tag: service. */
  public static final String LEASES_EXPIRED = "remoting.server.leases.expired";
  /** Function counter: leases released by their client. Tag: service. */
  public static final String LEASES_RELEASED = "remoting.server.leases.released";
  public static final String LEASES_RELEASES_IGNORED = "remoting.server.leases.releases.ignored";

  /** Gauge: passivated objects with a live instance. Tag: service. */
  public static final String PASSIVATION_ACTIVE = "remoting.server.passivation.active";
  /** Function counter: objects passivated (state saved, instance dropped). Tag: service. */
  public static final String PASSIVATIONS = "remoting.server.passivation.passivations";
  /** Function counter: objects restored from stored state. Tag: service. */
  public static final String ACTIVATIONS = "remoting.server.passivation.activations";
  /** Function counter: objects created for ids with no stored state. Tag: service. */
  public static final String CREATIONS = "remoting.server.passivation.creations";
  /** Function counter: passivations that failed. Tag: service. */
  public static final String PASSIVATION_FAILURES = "remoting.server.passivation.failures";
  /** Timer: state store loads and saves. Tags: service, operation (load, save), outcome. */
  public static final String STATE_STORE = "remoting.server.state.store";

  static final String OK = "OK";
  static final String ERROR = "ERROR";

  /** Records nothing. */
  public static final ServerMetrics NONE = new ServerMetrics(null);

  private final MeterRegistry registry; // null for NONE
  private final List<Meter> meters = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private ServerMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The meters of a server that records to {@code registry}; {@link #NONE} for null. */
  public static ServerMetrics of(MeterRegistry registry) {
    return registry == null ? NONE : new ServerMetrics(registry);
  }

  /** The call timers of one remote method. */
  public CallTimers calls(String service, String method) {
    if (registry == null) {
      return CallTimers.NONE;
    }
    return new CallTimers(this, clock(), Tags.of("service", service, "method", method));
  }

  /** {@code store}, with its loads and saves for {@code service} timed. */
  public StateStore timed(String service, StateStore store) {
    return registry == null ? store : new TimedStateStore(this, service, store);
  }

  /**
   * Registers the instance gauges and counters of {@code service}, read from {@code stats} of
   * {@code source} (held weakly).
   */
  public <T> void lifecycle(String service, T source, Function<T, LifecycleStats> stats) {
    if (registry == null) {
      return;
    }
    Tags tags = Tags.of("service", service);
    counter(INSTANCES_CREATED, tags, source, s -> stats.apply(s).created(), "instances created");
    counter(INSTANCES_DESTROYED, tags, source, s -> stats.apply(s).destroyed(),
        "instances discarded");
    gauge(INSTANCES, tags.and("state", "in-use"), source, s -> stats.apply(s).inUse(),
        "instances serving a call");
    gauge(INSTANCES, tags.and("state", "idle"), source, s -> stats.apply(s).idle(),
        "instances alive and free");
    gauge(WAITING, tags, source, s -> stats.apply(s).waiting(), "calls waiting for an instance");
    counter(WAIT_TIMEOUTS, tags, source, s -> stats.apply(s).waitTimeouts(),
        "waits for an instance that timed out");
  }

  /** Registers the lease gauges and counters of a leased service. */
  public void leases(String service, LeaseManager<?> manager) {
    if (registry == null) {
      return;
    }
    Tags tags = Tags.of("service", service);
    gauge(LEASES_ACTIVE, tags, manager, m -> m.stats().active(), "live leases");
    counter(LEASES_REGISTERED, tags, manager, m -> m.stats().registered(), "objects registered");
    counter(LEASES_RENEW_CALLS, tags, manager, m -> m.stats().renewCalls(),
        "renewal batches that named this service");
    counter(LEASES_RENEWED, tags, manager, m -> m.stats().leasesRenewed(), "leases renewed");
    counter(LEASES_EXPIRED, tags, manager, m -> m.stats().expired(), "leases that ran out");
    counter(LEASES_RELEASED, tags, manager, m -> m.stats().released(),
        "leases released by their client");
    counter(LEASES_RELEASES_IGNORED, tags, manager, m -> m.stats().releasesIgnored(),
        "releases ignored: a newer reference to the object was handed out since");
  }

  /** Registers the passivation gauges and counters of a passivated service. */
  public void passivation(String service, PassivationManager<?> manager) {
    if (registry == null) {
      return;
    }
    Tags tags = Tags.of("service", service);
    gauge(PASSIVATION_ACTIVE, tags, manager, m -> m.stats().active(),
        "objects with a live instance");
    counter(PASSIVATIONS, tags, manager, m -> m.stats().passivations(), "objects passivated");
    counter(ACTIVATIONS, tags, manager, m -> m.stats().activations(),
        "objects restored from stored state");
    counter(CREATIONS, tags, manager, m -> m.stats().creations(),
        "objects created with no stored state");
    counter(PASSIVATION_FAILURES, tags, manager, m -> m.stats().failedPassivations(),
        "passivations that failed");
  }

  /** The registry's clock: real time unless a test configured it otherwise. */
  Clock clock() {
    return registry.config().clock();
  }

  /** A timer, registered if new; left in the registry by {@link #close()}. */
  Timer timer(String name, Tags tags, String description) {
    return Timer.builder(name).tags(tags).description(description).register(registry);
  }

  private <T> void gauge(
      String name, Tags tags, T source, ToDoubleFunction<T> value, String description) {
    track(Gauge.builder(name, source, value).tags(tags).description(description)
        .register(registry));
  }

  private <T> void counter(
      String name, Tags tags, T source, ToDoubleFunction<T> value, String description) {
    track(FunctionCounter.builder(name, source, value).tags(tags).description(description)
        .register(registry));
  }

  private <M extends Meter> M track(M meter) {
    meters.add(meter);
    if (closed) { // close() may have missed it
      registry.remove(meter);
    }
    return meter;
  }

  /** Removes the gauges and counters of this server's objects (server terminated). Idempotent. */
  public void close() {
    if (registry == null) {
      return;
    }
    closed = true;
    for (Meter meter : meters) {
      registry.remove(meter);
    }
    meters.clear();
  }

  /** The timer-tag value of a failure kind; {@code null} means success. */
  static String outcome(Enum<?> failure) {
    return failure == null ? OK : failure.name();
  }
}
