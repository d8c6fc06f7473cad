package org.remoting.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.remoting.time.Scheduler.Cancellable;

class FakeClockTest {
  private final FakeClock clock = new FakeClock();

  @Test
  void timeMovesOnlyWhenAdvanced() {
    long start = clock.read();
    assertEquals(start, clock.read());
    clock.advance(Duration.ofMillis(5));
    assertEquals(start + 5_000_000, clock.read());
    clock.advance(7, TimeUnit.NANOSECONDS);
    assertEquals(start + 5_000_007, clock.read());
    clock.advance(Duration.ZERO);
    assertEquals(start + 5_000_007, clock.read());
  }

  @Test
  void runsDueTasksInDueOrderAtTheirTime() {
    long start = clock.read();
    List<String> log = new ArrayList<>();
    clock.schedule(() -> log.add("c@" + (clock.read() - start)), 30, TimeUnit.NANOSECONDS);
    clock.schedule(() -> log.add("a@" + (clock.read() - start)), 10, TimeUnit.NANOSECONDS);
    clock.schedule(() -> log.add("b1@" + (clock.read() - start)), 20, TimeUnit.NANOSECONDS);
    clock.schedule(() -> log.add("b2@" + (clock.read() - start)), 20, TimeUnit.NANOSECONDS);
    clock.schedule(() -> log.add("late"), 100, TimeUnit.NANOSECONDS);

    clock.advance(50, TimeUnit.NANOSECONDS);

    assertEquals(List.of("a@10", "b1@20", "b2@20", "c@30"), log);
    assertEquals(start + 50, clock.read());
    assertEquals(1, clock.pendingTasks());
  }

  @Test
  void tasksScheduledByTasksRunInTheSameAdvanceWhenDueInsideTheWindow() {
    long start = clock.read();
    List<Long> runs = new ArrayList<>();
    Runnable[] periodic = new Runnable[1];
    periodic[0] =
        () -> {
          runs.add(clock.read() - start);
          clock.schedule(periodic[0], 10, TimeUnit.NANOSECONDS);
        };
    clock.schedule(periodic[0], 10, TimeUnit.NANOSECONDS);

    clock.advance(35, TimeUnit.NANOSECONDS);

    assertEquals(List.of(10L, 20L, 30L), runs);
    assertEquals(1, clock.pendingTasks());
    clock.advance(5, TimeUnit.NANOSECONDS);
    assertEquals(List.of(10L, 20L, 30L, 40L), runs);
  }

  @Test
  void zeroOrNegativeDelayRunsAtTheNextAdvanceNotBefore() {
    AtomicInteger runs = new AtomicInteger();
    clock.schedule(runs::incrementAndGet, 0, TimeUnit.SECONDS);
    clock.schedule(runs::incrementAndGet, -5, TimeUnit.SECONDS);
    assertEquals(0, runs.get());
    assertEquals(2, clock.pendingTasks());

    clock.advance(Duration.ZERO);

    assertEquals(2, runs.get());
    assertEquals(0, clock.pendingTasks());
  }

  @Test
  void cancelledTasksNeverRun() {
    AtomicBoolean ran = new AtomicBoolean();
    Cancellable handle = clock.schedule(() -> ran.set(true), 1, TimeUnit.SECONDS);
    clock.schedule(() -> {}, 2, TimeUnit.SECONDS);
    assertEquals(2, clock.pendingTasks());

    handle.cancel();
    handle.cancel();

    assertEquals(1, clock.pendingTasks());
    clock.advance(Duration.ofSeconds(10));
    assertEquals(false, ran.get());
    assertEquals(0, clock.pendingTasks());
  }

  @Test
  void taskCanCancelALaterTaskDueInTheSameWindow() {
    AtomicBoolean ran = new AtomicBoolean();
    Cancellable later = clock.schedule(() -> ran.set(true), 2, TimeUnit.SECONDS);
    clock.schedule(later::cancel, 1, TimeUnit.SECONDS);

    clock.advance(Duration.ofSeconds(3));

    assertEquals(false, ran.get());
  }

  @Test
  void cancelAfterRunDoesNothing() {
    AtomicInteger runs = new AtomicInteger();
    Cancellable handle = clock.schedule(runs::incrementAndGet, 1, TimeUnit.SECONDS);
    clock.advance(Duration.ofSeconds(1));
    handle.cancel();
    assertEquals(1, runs.get());
    assertEquals(0, clock.pendingTasks());
  }

  @Test
  void taskFailureStopsTheAdvanceAtThatTask() {
    long start = clock.read();
    clock.schedule(
        () -> {
          throw new IllegalStateException("boom");
        },
        1,
        TimeUnit.SECONDS);
    clock.schedule(() -> {}, 2, TimeUnit.SECONDS);

    assertThrows(IllegalStateException.class, () -> clock.advance(Duration.ofSeconds(5)));

    assertEquals(start + TimeUnit.SECONDS.toNanos(1), clock.read());
    assertEquals(1, clock.pendingTasks());
  }

  @Test
  void taskThatAdvancesTheClockNeverMakesTimeGoBack() {
    long start = clock.read();
    clock.schedule(() -> clock.advance(Duration.ofSeconds(10)), 1, TimeUnit.SECONDS);

    clock.advance(Duration.ofSeconds(2));

    assertEquals(start + TimeUnit.SECONDS.toNanos(11), clock.read());
  }

  @Test
  void rejectsNegativeAdvance() {
    assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofNanos(-1)));
    assertThrows(IllegalArgumentException.class, () -> clock.advance(-1, TimeUnit.SECONDS));
  }

  @Test
  void hugeDelaysAndAdvancesSaturateInsteadOfOverflowing() {
    AtomicBoolean ran = new AtomicBoolean();
    clock.schedule(() -> ran.set(true), Long.MAX_VALUE, TimeUnit.DAYS);
    clock.advance(Duration.ofDays(365));
    assertEquals(false, ran.get());
    assertEquals(1, clock.pendingTasks());
    long before = clock.read();
    clock.advance(Duration.ofSeconds(Long.MAX_VALUE));
    assertTrue(clock.read() > before);
    assertTrue(ran.get());
  }

  @Test
  void readersAndSchedulersOnOtherThreadsSeeConsistentTimeWhileOneThreadAdvances()
      throws Exception {
    int readers = 3;
    int schedulesPerReader = 1_000;
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger violations = new AtomicInteger();
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch started = new CountDownLatch(readers);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < readers; i++) {
      Thread t =
          new Thread(
              () -> {
                started.countDown();
                long last = clock.read();
                int scheduled = 0;
                while (!done.get() || scheduled < schedulesPerReader) {
                  long now = clock.read();
                  if (now < last) {
                    violations.incrementAndGet();
                  }
                  last = now;
                  if (scheduled < schedulesPerReader) {
                    scheduled++;
                    long due = now + 1_000;
                    clock.schedule(
                        () -> {
                          if (clock.read() < due) {
                            violations.incrementAndGet();
                          }
                          runs.incrementAndGet();
                        },
                        1,
                        TimeUnit.MICROSECONDS);
                  }
                }
              });
      threads.add(t);
      t.start();
    }
    started.await();
    long start = clock.read();
    for (int i = 0; i < 5_000; i++) {
      clock.advance(1, TimeUnit.MICROSECONDS);
    }
    done.set(true);
    for (Thread t : threads) {
      t.join(10_000);
    }
    clock.advance(1, TimeUnit.SECONDS);

    assertEquals(0, violations.get());
    assertEquals(readers * schedulesPerReader, runs.get());
    assertEquals(start + 5_000_000 + 1_000_000_000, clock.read());
  }

  @Test
  void tasksScheduledFromManyThreadsAllRunOnce() throws Exception {
    int threads = 4;
    int perThread = 1_000;
    AtomicInteger runs = new AtomicInteger();
    List<Long> order = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> started = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Thread t =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                for (int j = 0; j < perThread; j++) {
                  long delay = j % 7;
                  clock.schedule(
                      () -> {
                        runs.incrementAndGet();
                        order.add(clock.read());
                      },
                      delay,
                      TimeUnit.NANOSECONDS);
                }
              });
      started.add(t);
      t.start();
    }
    go.countDown();
    for (Thread t : started) {
      t.join(10_000);
    }

    clock.advance(1, TimeUnit.SECONDS);

    assertEquals(threads * perThread, runs.get());
    for (int i = 1; i < order.size(); i++) {
      assertTrue(order.get(i - 1) <= order.get(i), "tasks ran out of due order");
    }
  }
}
