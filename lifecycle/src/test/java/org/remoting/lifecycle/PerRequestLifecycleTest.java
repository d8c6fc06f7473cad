package org.remoting.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.remoting.lifecycle.Servants.NAME;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.remoting.Concurrency;
import org.remoting.Lifecycle;
import org.remoting.lifecycle.Servants.Servant;
import org.remoting.lifecycle.Servants.Tracker;
import org.remoting.testing.FakeClock;

class PerRequestLifecycleTest {
  private final Tracker tracker = new Tracker();
  private final FakeClock clock = new FakeClock();
  private final LifecycleManager<Servant> manager =
      LifecycleManagers.create(
          NAME,
          new ServantPolicy(Lifecycle.PER_REQUEST, Concurrency.SHARED, PoolPolicy.DEFAULT),
          tracker.servants(),
          clock,
          clock);

  @Test
  void createsOneInstancePerCallAndClosesItAfterwards() throws Exception {
    manager.start();
    assertEquals(0, tracker.created.size());

    Servant a = manager.acquire(1, TimeUnit.SECONDS);
    Servant b = manager.acquire(1, TimeUnit.SECONDS);
    assertNotSame(a, b);
    assertEquals(new LifecycleStats(2, 0, 2, 0, 0, 0), manager.stats());

    manager.release(a);
    assertTrue(a.isClosed());
    assertFalse(b.isClosed());
    manager.release(b);

    assertEquals(1, b.closes());
    assertEquals(new LifecycleStats(2, 2, 0, 0, 0, 0), manager.stats());
    assertEquals(Lifecycle.PER_REQUEST, manager.lifecycle());
  }

  @Test
  void everyInstanceIsClosedWhenUsedFromManyThreads() throws Exception {
    manager.start();
    int threads = 4;
    int callsPerThread = 250;
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            executor.submit(
                () -> {
                  for (int i = 0; i < callsPerThread; i++) {
                    Servant servant = manager.acquire(1, TimeUnit.SECONDS);
                    try {
                      servant.call(() -> {});
                    } finally {
                      manager.release(servant);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(10, TimeUnit.SECONDS);
      }
    } finally {
      executor.shutdownNow();
    }

    int calls = threads * callsPerThread;
    assertEquals(calls, tracker.created.size());
    assertEquals(calls, tracker.closedCount());
    assertEquals(0, tracker.alive.current());
    assertEquals(new LifecycleStats(calls, calls, 0, 0, 0, 0), manager.stats());
  }

  @Test
  void factoryFailureFailsOnlyThatCall() throws Exception {
    manager.start();
    tracker.failuresToThrow.set(1);

    assertThrows(ServantCreationException.class, () -> manager.acquire(1, TimeUnit.SECONDS));
    manager.release(manager.acquire(1, TimeUnit.SECONDS));

    assertEquals(new LifecycleStats(1, 1, 0, 0, 0, 0), manager.stats());
  }

  @Test
  void inUseInstanceIsStillClosedWhenReleasedAfterClose() throws Exception {
    manager.start();
    Servant servant = manager.acquire(1, TimeUnit.SECONDS);

    manager.close();
    assertThrows(IllegalStateException.class, () -> manager.acquire(1, TimeUnit.SECONDS));
    manager.release(servant);

    assertTrue(servant.isClosed());
  }
}
