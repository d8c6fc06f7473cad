package org.remoting.lifecycle;

import static java.util.Objects.requireNonNull;

import java.util.function.Supplier;
import org.remoting.Concurrency;
import org.remoting.Lifecycle;
import org.remoting.time.Scheduler;
import org.remoting.time.Ticker;

/**
 * Creates the {@link LifecycleManager} for a servant's {@link ServantPolicy}.
 *
 * <p>{@link Concurrency#SERIALIZED} makes the single instance of a {@link Lifecycle#STATIC} or
 * {@link Lifecycle#LAZY} servant serve one call at a time, in arrival order: a call waits for the
 * instance up to its {@code acquire} timeout, then fails with
 * {@link org.remoting.ServantBusyException}. It changes nothing for {@link Lifecycle#PER_REQUEST}
 * and {@link Lifecycle#POOLED}, whose instances serve one call at a time anyway.
 */
public final class LifecycleManagers {
  private LifecycleManagers() {}

  /**
   * Returns a new, not yet started manager for one servant.
   *
   * @param servantName the servant's name for log lines and exception messages, such as its
   *     service name {@code demo.Calculator}
   * @param policy lifecycle, concurrency and pool policy
   * @param factory creates instances; it may be called concurrently, and a failure becomes a
   *     {@link ServantCreationException}
   * @param ticker the time source for idle shrinking of pooled servants
   * @param scheduler runs the pool's idle sweep; not used by the other lifecycles
   * @throws NullPointerException if any argument is null
   */
  public static <T> LifecycleManager<T> create(
      String servantName,
      ServantPolicy policy,
      Supplier<? extends T> factory,
      Ticker ticker,
      Scheduler scheduler) {
    requireNonNull(servantName, "servantName");
    requireNonNull(policy, "policy");
    requireNonNull(factory, "factory");
    requireNonNull(ticker, "ticker");
    requireNonNull(scheduler, "scheduler");
    boolean serialized = policy.concurrency() == Concurrency.SERIALIZED;
    return switch (policy.lifecycle()) {
      case STATIC -> serializeIf(serialized, new StaticLifecycle<>(servantName, factory));
      case LAZY -> serializeIf(serialized, new LazyLifecycle<>(servantName, factory));
      case PER_REQUEST -> new PerRequestLifecycle<>(servantName, factory);
      case POOLED -> new PooledLifecycle<>(servantName, factory, policy.pool(), ticker, scheduler);
      case PASSIVATED -> throw new IllegalArgumentException(
          "passivated servants are managed per object id by "
              + "org.remoting.lifecycle.passivation.PassivationManager, not by a LifecycleManager");
      case LEASED -> throw new IllegalArgumentException(
          "leased servants are managed per object by "
              + "org.remoting.lifecycle.lease.LeaseManager, not by a LifecycleManager");
    };
  }

  private static <T> LifecycleManager<T> serializeIf(
      boolean serialized, SingleInstanceLifecycle<T> manager) {
    return serialized ? new SerializedLifecycle<>(manager, manager.servantName) : manager;
  }
}
