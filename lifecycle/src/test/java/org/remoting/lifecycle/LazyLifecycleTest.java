package org.remoting.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.remoting.lifecycle.Servants.NAME;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.remoting.Concurrency;
import org.remoting.Lifecycle;
import org.remoting.lifecycle.Servants.Servant;
import org.remoting.lifecycle.Servants.Tracker;
import org.remoting.testing.FakeClock;

class LazyLifecycleTest {
  private static final ServantPolicy LAZY =
      new ServantPolicy(Lifecycle.LAZY, Concurrency.SHARED, PoolPolicy.DEFAULT);

  private final Tracker tracker = new Tracker();
  private final FakeClock clock = new FakeClock();

  private LifecycleManager<Servant> manager(Supplier<Servant> factory) {
    return LifecycleManagers.create(NAME, LAZY, factory, clock, clock);
  }

  @Test
  void concurrentFirstCallsCreateExactlyOnce() throws Exception {
    int threads = 32;
    AtomicInteger factoryCalls = new AtomicInteger();
    Supplier<Servant> slowFactory =
        () -> {
          factoryCalls.incrementAndGet();
          for (int i = 0; i < 100; i++) {
            Thread.yield(); // widen the window in which a racing caller could create twice
          }
          return new Servant(tracker);
        };
    LifecycleManager<Servant> manager = manager(slowFactory);
    manager.start();
    assertEquals(0, factoryCalls.get());
    CyclicBarrier barrier = new CyclicBarrier(threads);
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Servant>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(
            executor.submit(
                () -> {
                  barrier.await(5, TimeUnit.SECONDS);
                  return manager.acquire(1, TimeUnit.SECONDS);
                }));
      }
      Servant first = results.get(0).get(5, TimeUnit.SECONDS);
      assertNotNull(first);
      for (Future<Servant> result : results) {
        assertSame(first, result.get(5, TimeUnit.SECONDS));
        manager.release(first);
      }
    } finally {
      executor.shutdownNow();
    }

    assertEquals(1, factoryCalls.get());
    assertEquals(new LifecycleStats(1, 0, 0, 1, 0, 0), manager.stats());
  }

  @Test
  void factoryFailureFailsThatCallAndTheNextCallRetries() throws Exception {
    LifecycleManager<Servant> manager = manager(tracker.servants());
    manager.start();
    tracker.failuresToThrow.set(1);

    ServantCreationException e =
        assertThrows(ServantCreationException.class, () -> manager.acquire(1, TimeUnit.SECONDS));
    assertEquals(
        "could not create servant demo.Calculator: java.lang.IllegalStateException: boom",
        e.getMessage());
    assertEquals("boom", e.getCause().getMessage());
    assertEquals(new LifecycleStats(0, 0, 0, 0, 0, 0), manager.stats());

    Servant servant = manager.acquire(1, TimeUnit.SECONDS);
    assertSame(tracker.created.get(0), servant);
    manager.release(servant);
    assertSame(servant, manager.acquire(1, TimeUnit.SECONDS));
    assertEquals(new LifecycleStats(1, 0, 1, 0, 0, 0), manager.stats());
  }

  @Test
  void nothingIsCreatedUntilTheFirstCallAndCloseClosesIt() throws Exception {
    LifecycleManager<Servant> manager = manager(tracker.servants());
    manager.start();
    assertEquals(0, tracker.created.size());

    manager.release(manager.acquire(1, TimeUnit.SECONDS));
    manager.close();

    assertEquals(1, tracker.created.get(0).closes());
    assertEquals(new LifecycleStats(1, 1, 0, 0, 0, 0), manager.stats());
    assertThrows(IllegalStateException.class, () -> manager.acquire(1, TimeUnit.SECONDS));
    assertEquals(Lifecycle.LAZY, manager.lifecycle());
  }

  @Test
  void closeBeforeFirstCallDiscardsNothing() {
    LifecycleManager<Servant> manager = manager(tracker.servants());
    manager.start();
    manager.close();
    assertEquals(0, tracker.created.size());
    assertEquals(new LifecycleStats(0, 0, 0, 0, 0, 0), manager.stats());
  }
}
