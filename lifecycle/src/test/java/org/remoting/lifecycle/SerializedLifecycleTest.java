package org.remoting.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.remoting.lifecycle.Servants.NAME;
import static org.remoting.lifecycle.Servants.awaitTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.remoting.Concurrency;
import org.remoting.Lifecycle;
import org.remoting.ServantBusyException;
import org.remoting.lifecycle.Servants.Servant;
import org.remoting.lifecycle.Servants.Tracker;
import org.remoting.testing.FakeClock;

class SerializedLifecycleTest {
  private final Tracker tracker = new Tracker();
  private final FakeClock clock = new FakeClock();
  private final ExecutorService executor = Executors.newCachedThreadPool();

  @AfterEach
  void shutDown() {
    executor.shutdownNow();
  }

  private LifecycleManager<Servant> started(Lifecycle lifecycle, Concurrency concurrency) {
    LifecycleManager<Servant> manager =
        LifecycleManagers.create(
            NAME,
            new ServantPolicy(lifecycle, concurrency, PoolPolicy.DEFAULT),
            tracker.servants(),
            clock,
            clock);
    manager.start();
    return manager;
  }

  @Test
  void serializedCallsNeverOverlap() throws Exception {
    for (Lifecycle lifecycle : List.of(Lifecycle.STATIC, Lifecycle.LAZY)) {
      LifecycleManager<Servant> manager = started(lifecycle, Concurrency.SERIALIZED);
      Tracker before = tracker;
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        done.add(
            executor.submit(
                () -> {
                  for (int i = 0; i < 200; i++) {
                    Servant servant = manager.acquire(10, TimeUnit.SECONDS);
                    try {
                      servant.call(
                          () -> {
                            for (int y = 0; y < 10; y++) {
                              Thread.yield(); // give an overlapping call the chance to enter
                            }
                          });
                    } finally {
                      manager.release(servant);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(20, TimeUnit.SECONDS);
      }

      assertEquals(1, before.calls.max(), lifecycle + " serialized calls overlapped");
      assertEquals(new LifecycleStats(1, 0, 0, 1, 0, 0), manager.stats());
      assertEquals(lifecycle, manager.lifecycle());
      manager.close();
    }
  }

  @Test
  void sharedCallsDoOverlap() throws Exception {
    LifecycleManager<Servant> manager = started(Lifecycle.STATIC, Concurrency.SHARED);
    CountDownLatch bothInside = new CountDownLatch(2);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      done.add(
          executor.submit(
              () -> {
                Servant servant = manager.acquire(1, TimeUnit.SECONDS);
                try {
                  servant.call(
                      () -> {
                        bothInside.countDown();
                        try {
                          assertTrue(bothInside.await(5, TimeUnit.SECONDS));
                        } catch (InterruptedException e) {
                          throw new AssertionError(e);
                        }
                      });
                } finally {
                  manager.release(servant);
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get(10, TimeUnit.SECONDS);
    }

    assertEquals(2, tracker.calls.max());
  }

  @Test
  void callerWaitingLongerThanItsTimeoutGetsBusy() throws Exception {
    LifecycleManager<Servant> manager = started(Lifecycle.STATIC, Concurrency.SERIALIZED);
    Servant held = manager.acquire(1, TimeUnit.SECONDS);

    long start = System.nanoTime();
    ServantBusyException e =
        assertThrows(
            ServantBusyException.class, () -> manager.acquire(50, TimeUnit.MILLISECONDS));
    long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertEquals("servant demo.Calculator is serialized and busy; waited 50 ms", e.getMessage());
    assertTrue(waitedMillis >= 49 && waitedMillis < 1050, "waited " + waitedMillis + " ms");
    assertEquals(new LifecycleStats(1, 0, 1, 0, 0, 1), manager.stats());
    manager.release(held);
    assertSame(held, manager.acquire(0, TimeUnit.MILLISECONDS));
  }

  @Test
  void waitersTakeTurnsInArrivalOrder() throws Exception {
    LifecycleManager<Servant> manager = started(Lifecycle.LAZY, Concurrency.SERIALIZED);
    Servant held = manager.acquire(1, TimeUnit.SECONDS);

    assertEquals(List.of(0, 1, 2, 3), Servants.orderOfService(manager, held, executor));
  }

  @Test
  void failedCreationGivesTheTurnBack() throws Exception {
    LifecycleManager<Servant> manager = started(Lifecycle.LAZY, Concurrency.SERIALIZED);
    tracker.failuresToThrow.set(1);

    assertThrows(ServantCreationException.class, () -> manager.acquire(1, TimeUnit.SECONDS));

    manager.release(manager.acquire(0, TimeUnit.MILLISECONDS));
  }

  @Test
  void serializedChangesNothingForPerRequestAndPooled() throws Exception {
    for (Lifecycle lifecycle : List.of(Lifecycle.PER_REQUEST, Lifecycle.POOLED)) {
      LifecycleManager<Servant> manager = started(lifecycle, Concurrency.SERIALIZED);

      Servant a = manager.acquire(0, TimeUnit.MILLISECONDS);
      Servant b = manager.acquire(0, TimeUnit.MILLISECONDS); // no wait: distinct instances

      assertNotSame(a, b);
      assertEquals(lifecycle, manager.lifecycle());
      manager.release(a);
      manager.release(b);
      manager.close();
    }
  }
}
