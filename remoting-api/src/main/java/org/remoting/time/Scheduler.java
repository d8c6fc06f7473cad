package org.remoting.time;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs tasks after a delay. Components that act on their own (a pool shrinking idle instances)
 * schedule through a {@code Scheduler} that is handed to them, never through a thread of their
 * own, so tests can run due tasks by advancing a fake clock.
 *
 * <p>Implementations must be thread-safe. Tasks should be short; they may run on a shared thread.
 */
@FunctionalInterface
public interface Scheduler {
  /**
   * Runs {@code task} once, after {@code delay}.
   *
   * @return a handle that cancels the task if it has not started
   */
  Cancellable schedule(Runnable task, long delay, TimeUnit unit);

  /** A scheduled task that can still be cancelled. */
  @FunctionalInterface
  interface Cancellable {
    /** Cancels the task if it has not started; does nothing otherwise. */
    void cancel();
  }

  /** A scheduler backed by {@code executor}; the caller owns and shuts down the executor. */
  static Scheduler of(ScheduledExecutorService executor) {
    return (task, delay, unit) -> {
      var future = executor.schedule(task, delay, unit);
      return () -> future.cancel(false);
    };
  }
}
