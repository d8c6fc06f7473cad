package org.remoting.lifecycle;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.remoting.Poolable;

/** Test servants that record how a manager uses them. */
final class Servants {
  static final String NAME = "demo.Calculator";

  private Servants() {}

  /** Current and highest value of a count that goes up and down. */
  static final class HighWater {
    private final AtomicInteger current = new AtomicInteger();
    private final AtomicInteger max = new AtomicInteger();

    void enter() {
      max.accumulateAndGet(current.incrementAndGet(), Math::max);
    }

    void exit() {
      current.decrementAndGet();
    }

    int current() {
      return current.get();
    }

    int max() {
      return max.get();
    }
  }

  /** Shared by the servants of one test: what was created, what is alive, what runs. */
  static final class Tracker {
    final List<Servant> created = new CopyOnWriteArrayList<>();
    final HighWater alive = new HighWater();
    final HighWater calls = new HighWater();
    final AtomicInteger failuresToThrow = new AtomicInteger();

    /** A factory of plain (auto-closeable) servants, failing {@link #failuresToThrow} times. */
    Supplier<Servant> servants() {
      return () -> {
        failIfAsked();
        return new Servant(this);
      };
    }

    /** A factory of {@link Poolable} servants. */
    Supplier<PoolableServant> poolables() {
      return () -> {
        failIfAsked();
        return new PoolableServant(this);
      };
    }

    private void failIfAsked() {
      if (failuresToThrow.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new IllegalStateException("boom");
      }
    }

    long closedCount() {
      return created.stream().filter(Servant::isClosed).count();
    }
  }

  static class Servant implements AutoCloseable {
    private final Tracker tracker;
    private final AtomicInteger closes = new AtomicInteger();

    Servant(Tracker tracker) {
      this.tracker = tracker;
      tracker.alive.enter();
      tracker.created.add(this);
    }

    /** Runs {@code body} as one call, counting concurrent calls. */
    void call(Runnable body) {
      if (isClosed()) {
        fail("call on a closed servant");
      }
      tracker.calls.enter();
      try {
        body.run();
      } finally {
        tracker.calls.exit();
      }
    }

    boolean isClosed() {
      return closes.get() > 0;
    }

    int closes() {
      return closes.get();
    }

    @Override
    public void close() {
      if (closes.getAndIncrement() == 0) {
        tracker.alive.exit();
      }
    }
  }

  static final class PoolableServant extends Servant implements Poolable {
    volatile boolean dirty;
    volatile boolean sawDirty;
    volatile boolean failReset;
    final AtomicInteger resets = new AtomicInteger();

    PoolableServant(Tracker tracker) {
      super(tracker);
    }

    void use() {
      call(
          () -> {
            if (dirty) {
              sawDirty = true;
            }
            dirty = true;
          });
    }

    @Override
    public void reset() {
      resets.incrementAndGet();
      if (failReset) {
        throw new IllegalStateException("reset failed");
      }
      dirty = false;
    }
  }

  /** Polls {@code condition} until it holds, failing after 5 s. */
  /**
   * Queues four waiters on {@code manager}, whose only instance {@code held} is in use, one after
   * another, releases {@code held}, and returns the order in which the waiters got an instance.
   */
  static <T> java.util.List<Integer> orderOfService(
      LifecycleManager<T> manager, T held, java.util.concurrent.ExecutorService executor)
      throws Exception {
    java.util.List<Integer> order = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.List<java.util.concurrent.Future<?>> waiters = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      int id = i;
      waiters.add(
          executor.submit(
              () -> {
                T servant = manager.acquire(5, java.util.concurrent.TimeUnit.SECONDS);
                order.add(id);
                manager.release(servant);
                return null;
              }));
      awaitTrue(() -> manager.stats().waiting() == id + 1);
    }
    manager.release(held);
    for (java.util.concurrent.Future<?> f : waiters) {
      f.get(5, java.util.concurrent.TimeUnit.SECONDS);
    }
    return order;
  }

  static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("condition not met within 5 s");
      }
      Thread.sleep(1);
    }
  }

  static PoolPolicy pool(int min, int max, Duration maxWait, Duration idle) {
    return new PoolPolicy(min, max, maxWait, idle);
  }
}
