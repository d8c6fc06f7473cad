package org.remoting.lifecycle;

import java.util.concurrent.TimeUnit;
import org.remoting.Lifecycle;
import org.remoting.ServantBusyException;

/**
 * Decides when the instances of one servant are created, shared and discarded: the server-side
 * "lifecycle manager" of Remoting Patterns. The invoker brackets every call with
 * {@link #acquire} and {@link #release}, on every path, including exceptions, deadlines and
 * cancellation.
 *
 * <p>State machine: {@code new} → {@link #start()} → running → {@link #close()} → closed.
 * {@code close()} is idempotent. Implementations are thread-safe.
 *
 * <p>An instance that implements {@link AutoCloseable} is closed when the manager discards it
 * (after each call for per-request, on idle shrink for pooled, on {@code close()} for all). An
 * exception from {@code close()} is logged, never propagated.
 *
 * @param <T> the servant type
 */
public interface LifecycleManager<T> {

  /** The lifecycle this manager implements. */
  Lifecycle lifecycle();

  /**
   * Starts the manager: creates the instances that exist from the start (the static instance,
   * the pool's minimum) and schedules background work (pool shrinking).
   *
   * @throws ServantCreationException if the servant factory fails
   * @throws IllegalStateException if already started or closed
   */
  void start();

  /**
   * Returns an instance to run one call on, creating it if the lifecycle says so, and waiting
   * if it must (a full pool, a serialized instance in use).
   *
   * @param timeout the longest the caller is willing to wait, usually the call's remaining
   *     deadline; a pool waits no longer than its own {@code max-wait} either
   * @throws ServantBusyException if no instance became free in time
   * @throws ServantCreationException if the servant factory fails
   * @throws InterruptedException if the waiting thread is interrupted
   * @throws IllegalStateException if the manager is not running
   */
  T acquire(long timeout, TimeUnit unit) throws InterruptedException;

  /**
   * Gives back an instance obtained from {@link #acquire}, exactly once per acquire. Never
   * throws; hook failures (reset, close) are logged and the instance discarded.
   */
  void release(T instance);

  /**
   * Stops background work and discards every idle instance. Instances still in use are
   * discarded when released. Idempotent.
   */
  void close();

  /** A snapshot of this manager's counters, for tests, diagnostics and metrics. */
  LifecycleStats stats();
}
