package org.remoting.testing;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import org.remoting.time.Scheduler;
import org.remoting.time.Ticker;

/**
 * A {@link Ticker} and {@link Scheduler} whose time moves only when a test calls
 * {@link #advance}, so time-based code is tested without sleeping.
 *
 * <p>Time starts at an arbitrary non-zero value; only differences are meaningful. Scheduled tasks
 * never run on their own: {@code advance} moves the clock forward step by step, to the due time
 * of each task that falls due within the advanced window, in due order (tasks due at the same time
 * in the order they were scheduled), running each on the calling thread with {@link #read()}
 * returning its due time; then to the end of the window. Tasks scheduled by those tasks run in
 * the same {@code advance} if they fall due within the window. A task scheduled with a delay of
 * zero or less is due now, so it runs at the next {@code advance}, even {@code advance(0)}.
 * Cancelled tasks never run.
 *
 * <p>Thread-safe: any thread may read the time, schedule and cancel while another advances.
 * Calls to {@code advance} are serialized. If a task throws, {@code advance} rethrows it and
 * stops at that task's due time; tasks due later stay pending.
 */
public final class FakeClock implements Ticker, Scheduler {
  private static final long ORIGIN = 1_000_000_000_000_000L;

  private final Object lock = new Object();
  private final Object advancing = new Object();

  // Guarded by lock.
  private final PriorityQueue<Task> tasks =
      new PriorityQueue<>(
          Comparator.comparingLong((Task t) -> t.due).thenComparingLong(t -> t.seq));
  private long nextSeq;

  private volatile long now = ORIGIN;

  /** Creates a clock at an arbitrary fixed time with no scheduled tasks. */
  public FakeClock() {}

  /** The current fake time in nanoseconds. */
  @Override
  public long read() {
    return now;
  }

  /**
   * Schedules {@code task} to run during the {@link #advance} that reaches {@code read() + delay}.
   *
   * @throws NullPointerException if {@code task} or {@code unit} is null
   */
  @Override
  public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
    requireNonNull(task, "task");
    requireNonNull(unit, "unit");
    synchronized (lock) {
      Task t = new Task(task, saturatedAdd(now, Math.max(0, unit.toNanos(delay))), nextSeq++);
      tasks.add(t);
      return t;
    }
  }

  /**
   * Moves time forward by {@code duration}, running the tasks that fall due on the way.
   *
   * @throws IllegalArgumentException if {@code duration} is negative
   */
  public void advance(Duration duration) {
    requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("cannot move time backwards: " + duration);
    }
    advanceNanos(saturatedNanos(duration));
  }

  /**
   * Moves time forward by {@code amount} {@code unit}s, running the tasks that fall due on the
   * way.
   *
   * @throws IllegalArgumentException if {@code amount} is negative
   */
  public void advance(long amount, TimeUnit unit) {
    requireNonNull(unit, "unit");
    if (amount < 0) {
      throw new IllegalArgumentException("cannot move time backwards: " + amount + " " + unit);
    }
    advanceNanos(unit.toNanos(amount));
  }

  /** The number of tasks scheduled and not yet run or cancelled. */
  public int pendingTasks() {
    synchronized (lock) {
      return tasks.size();
    }
  }

  @Override
  public String toString() {
    return "FakeClock{now=" + (now - ORIGIN) + "ns after origin, pendingTasks=" + pendingTasks()
        + "}";
  }

  private void advanceNanos(long nanos) {
    synchronized (advancing) {
      long target = saturatedAdd(now, nanos);
      while (true) {
        Task next;
        synchronized (lock) {
          next = tasks.peek();
          if (next == null || next.due > target) {
            if (target > now) { // a task may have advanced further, re-entrantly
              now = target;
            }
            return;
          }
          tasks.poll();
          next.started = true;
          if (next.due > now) {
            now = next.due;
          }
        }
        next.task.run();
      }
    }
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private final class Task implements Cancellable {
    final Runnable task;
    final long due;
    final long seq;
    boolean started; // guarded by lock

    Task(Runnable task, long due, long seq) {
      this.task = task;
      this.due = due;
      this.seq = seq;
    }

    @Override
    public void cancel() {
      synchronized (lock) {
        if (!started) {
          tasks.remove(this);
        }
      }
    }
  }
}
