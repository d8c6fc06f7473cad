package org.remoting.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.remoting.lifecycle.Servants.NAME;
import static org.remoting.lifecycle.Servants.awaitTrue;
import static org.remoting.lifecycle.Servants.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.remoting.Concurrency;
import org.remoting.Lifecycle;
import org.remoting.ServantBusyException;
import org.remoting.lifecycle.Servants.PoolableServant;
import org.remoting.lifecycle.Servants.Tracker;
import org.remoting.testing.FakeClock;

class PooledLifecycleTest {
  private static final Duration LONG = Duration.ofSeconds(10);
  private static final Duration IDLE = Duration.ofSeconds(60);
  private static final Duration SWEEP_PERIOD = IDLE.dividedBy(2);

  private final Tracker tracker = new Tracker();
  private final FakeClock clock = new FakeClock();
  private final ExecutorService executor = Executors.newCachedThreadPool();

  @AfterEach
  void shutDown() {
    executor.shutdownNow();
  }

  private LifecycleManager<PoolableServant> pooled(PoolPolicy pool) {
    return LifecycleManagers.create(
        NAME,
        new ServantPolicy(Lifecycle.POOLED, Concurrency.SHARED, pool),
        tracker.poolables(),
        clock,
        clock);
  }

  private LifecycleManager<PoolableServant> started(PoolPolicy pool) {
    LifecycleManager<PoolableServant> manager = pooled(pool);
    manager.start();
    return manager;
  }

  @Test
  void startCreatesTheMinimumAndSchedulesTheSweep() {
    LifecycleManager<PoolableServant> manager = pooled(pool(2, 4, LONG, IDLE));
    assertEquals(0, tracker.created.size());
    assertEquals(0, clock.pendingTasks());

    manager.start();

    assertEquals(2, tracker.created.size());
    assertEquals(new LifecycleStats(2, 0, 0, 2, 0, 0), manager.stats());
    assertEquals(1, clock.pendingTasks());
    assertEquals(Lifecycle.POOLED, manager.lifecycle());
  }

  @Test
  void reusesTheMostRecentlyReleasedInstance() throws Exception {
    LifecycleManager<PoolableServant> manager = started(pool(0, 4, LONG, IDLE));
    PoolableServant a = manager.acquire(1, TimeUnit.SECONDS);
    PoolableServant b = manager.acquire(1, TimeUnit.SECONDS);
    assertNotSame(a, b);

    manager.release(a);
    manager.release(b);

    assertSame(b, manager.acquire(1, TimeUnit.SECONDS));
    assertSame(a, manager.acquire(1, TimeUnit.SECONDS));
    assertEquals(2, tracker.created.size());
  }

  @Test
  void neverMoreThanMaxAliveOrInUseAndEveryCallerIsServed() throws Exception {
    LifecycleManager<PoolableServant> manager = started(pool(0, 2, LONG, IDLE));
    int threads = 8;
    int callsPerThread = 20;
    AtomicInteger served = new AtomicInteger();
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      done.add(
          executor.submit(
              () -> {
                for (int i = 0; i < callsPerThread; i++) {
                  PoolableServant servant = manager.acquire(10, TimeUnit.SECONDS);
                  try {
                    servant.call(PooledLifecycleTest::sleepBriefly);
                    served.incrementAndGet();
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

    assertEquals(threads * callsPerThread, served.get());
    assertTrue(tracker.alive.max() <= 2, "alive high-water " + tracker.alive.max());
    assertEquals(2, tracker.calls.max());
    LifecycleStats stats = manager.stats();
    assertEquals(0, stats.inUse());
    assertEquals(0, stats.waiting());
    assertEquals(0, stats.waitTimeouts());
    assertEquals(stats.created(), stats.idle());
  }

  @Test
  void exhaustedPoolWaitsMaxWaitThenThrowsBusy() throws Exception {
    LifecycleManager<PoolableServant> manager =
        started(pool(0, 2, Duration.ofMillis(100), IDLE));
    manager.acquire(1, TimeUnit.SECONDS);
    manager.acquire(1, TimeUnit.SECONDS);

    long start = System.nanoTime();
    ServantBusyException e =
        assertThrows(ServantBusyException.class, () -> manager.acquire(10, TimeUnit.SECONDS));
    long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertTrue(waitedMillis >= 99, "waited only " + waitedMillis + " ms");
    assertTrue(waitedMillis < 1100, "waited " + waitedMillis + " ms");
    assertEquals(
        "all 2 instances of pooled servant demo.Calculator are busy; waited 100 ms"
            + " (pool.max-wait 100ms)",
        e.getMessage());
    assertEquals(new LifecycleStats(2, 0, 2, 0, 0, 1), manager.stats());
  }

  @Test
  void callerTimeoutShorterThanMaxWaitWins() throws Exception {
    LifecycleManager<PoolableServant> manager = started(pool(0, 1, LONG, IDLE));
    manager.acquire(1, TimeUnit.SECONDS);

    ServantBusyException e =
        assertThrows(
            ServantBusyException.class, () -> manager.acquire(20, TimeUnit.MILLISECONDS));

    assertTrue(e.getMessage().contains("waited 20 ms (pool.max-wait 10000ms)"), e.getMessage());
    assertEquals(1, manager.stats().waitTimeouts());
  }

  @Test
  void releaseHandsTheInstanceToAWaiter() throws Exception {
    LifecycleManager<PoolableServant> manager = started(pool(0, 1, LONG, IDLE));
    PoolableServant held = manager.acquire(1, TimeUnit.SECONDS);
    Future<PoolableServant> waiter = executor.submit(() -> manager.acquire(5, TimeUnit.SECONDS));
    awaitTrue(() -> manager.stats().waiting() == 1);

    manager.release(held);

    assertSame(held, waiter.get(5, TimeUnit.SECONDS));
    assertEquals(new LifecycleStats(1, 0, 1, 0, 0, 0), manager.stats());
  }

  @Test
  void waitersAreServedInArrivalOrder() throws Exception {
    LifecycleManager<PoolableServant> manager = started(pool(0, 1, LONG, IDLE));
    PoolableServant held = manager.acquire(1, TimeUnit.SECONDS);

    assertEquals(List.of(0, 1, 2, 3), Servants.orderOfService(manager, held, executor));
  }

  @Test
  void resetRunsBetweenUses() throws Exception {
    LifecycleManager<PoolableServant> manager = started(pool(1, 1, LONG, IDLE));
    for (int i = 0; i < 3; i++) {
      PoolableServant servant = manager.acquire(1, TimeUnit.SECONDS);
      servant.use();
      manager.release(servant);
    }

    PoolableServant servant = (PoolableServant) tracker.created.get(0);
    assertEquals(1, tracker.created.size());
    assertEquals(3, servant.resets.get());
    assertFalse(servant.sawDirty, "a call saw the previous call's state");
    assertFalse(servant.dirty);
  }

  @Test
  void instanceWhoseResetThrowsIsDiscarded() throws Exception {
    LifecycleManager<PoolableServant> manager = started(pool(0, 1, LONG, IDLE));
    PoolableServant first = manager.acquire(1, TimeUnit.SECONDS);
    first.failReset = true;

    manager.release(first);

    assertTrue(first.isClosed());
    assertEquals(new LifecycleStats(1, 1, 0, 0, 0, 0), manager.stats());
    PoolableServant second = manager.acquire(1, TimeUnit.SECONDS);
    assertNotSame(first, second);
  }

  @Test
  void slotOfADiscardedInstanceGoesToAWaiter() throws Exception {
    LifecycleManager<PoolableServant> manager = started(pool(0, 1, LONG, IDLE));
    PoolableServant broken = manager.acquire(1, TimeUnit.SECONDS);
    broken.failReset = true;
    Future<PoolableServant> waiter = executor.submit(() -> manager.acquire(5, TimeUnit.SECONDS));
    awaitTrue(() -> manager.stats().waiting() == 1);

    manager.release(broken);

    PoolableServant replacement = waiter.get(5, TimeUnit.SECONDS);
    assertNotSame(broken, replacement);
    assertTrue(broken.isClosed());
    assertEquals(1, tracker.alive.max());
    assertEquals(new LifecycleStats(2, 1, 1, 0, 0, 0), manager.stats());
  }

  @Test
  void factoryFailureFreesTheReservedSlot() throws Exception {
    LifecycleManager<PoolableServant> manager = started(pool(0, 1, Duration.ZERO, IDLE));
    tracker.failuresToThrow.set(1);

    ServantCreationException e =
        assertThrows(ServantCreationException.class, () -> manager.acquire(1, TimeUnit.SECONDS));
    assertEquals(
        "could not create servant demo.Calculator: java.lang.IllegalStateException: boom",
        e.getMessage());

    PoolableServant servant = manager.acquire(1, TimeUnit.SECONDS); // max-wait 0: slot is free
    assertEquals(new LifecycleStats(1, 0, 1, 0, 0, 0), manager.stats());
    manager.release(servant);
  }

  @Test
  void idleInstancesShrinkBackToMinWithinIdlePlusSweepPeriod() throws Exception {
    LifecycleManager<PoolableServant> manager = started(pool(1, 3, LONG, IDLE));
    List<PoolableServant> held = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      held.add(manager.acquire(1, TimeUnit.SECONDS));
    }
    held.forEach(manager::release); // the last released is the most recently used
    assertEquals(new LifecycleStats(3, 0, 0, 3, 0, 0), manager.stats());

    clock.advance(IDLE.minusSeconds(1));
    assertEquals(new LifecycleStats(3, 0, 0, 3, 0, 0), manager.stats());
    assertEquals(0, tracker.closedCount());

    clock.advance(SWEEP_PERIOD.plusSeconds(1));

    assertEquals(new LifecycleStats(3, 2, 0, 1, 0, 0), manager.stats());
    assertTrue(held.get(0).isClosed());
    assertTrue(held.get(1).isClosed());
    assertFalse(held.get(2).isClosed());
    assertSame(held.get(2), manager.acquire(1, TimeUnit.SECONDS));
  }

  @Test
  void instancesInUseAreNeverShrunk() throws Exception {
    LifecycleManager<PoolableServant> manager = started(pool(0, 2, LONG, IDLE));
    PoolableServant busy = manager.acquire(1, TimeUnit.SECONDS);
    manager.release(manager.acquire(1, TimeUnit.SECONDS));

    clock.advance(IDLE.multipliedBy(5));

    assertFalse(busy.isClosed());
    assertEquals(new LifecycleStats(2, 1, 1, 0, 0, 0), manager.stats());
  }

  @Test
  void closeWakesWaitersCancelsTheSweepAndDiscardsBusyInstancesOnRelease() throws Exception {
    LifecycleManager<PoolableServant> manager = started(pool(1, 2, LONG, IDLE));
    PoolableServant a = manager.acquire(1, TimeUnit.SECONDS);
    PoolableServant b = manager.acquire(1, TimeUnit.SECONDS);
    Future<PoolableServant> waiter = executor.submit(() -> manager.acquire(5, TimeUnit.SECONDS));
    awaitTrue(() -> manager.stats().waiting() == 1);

    manager.close();
    manager.close();

    ExecutionException e =
        assertThrows(ExecutionException.class, () -> waiter.get(5, TimeUnit.SECONDS));
    assertInstanceOf(IllegalStateException.class, e.getCause());
    assertEquals(0, clock.pendingTasks());
    assertFalse(a.isClosed());
    manager.release(a);
    manager.release(b);
    assertTrue(a.isClosed());
    assertTrue(b.isClosed());
    assertEquals(0, a.resets.get());
    assertEquals(new LifecycleStats(2, 2, 0, 0, 0, 0), manager.stats());
    assertThrows(IllegalStateException.class, () -> manager.acquire(1, TimeUnit.SECONDS));
  }

  @Test
  void closeDiscardsIdleInstances() throws Exception {
    LifecycleManager<PoolableServant> manager = started(pool(2, 2, LONG, IDLE));

    manager.close();

    assertEquals(2, tracker.closedCount());
    assertEquals(new LifecycleStats(2, 2, 0, 0, 0, 0), manager.stats());
  }

  @Test
  void interruptedWaiterLeavesThePoolIntact() throws Exception {
    LifecycleManager<PoolableServant> manager = started(pool(0, 1, LONG, IDLE));
    PoolableServant held = manager.acquire(1, TimeUnit.SECONDS);
    Future<PoolableServant> waiter = executor.submit(() -> manager.acquire(5, TimeUnit.SECONDS));
    awaitTrue(() -> manager.stats().waiting() == 1);

    waiter.cancel(true);
    awaitTrue(() -> manager.stats().waiting() == 0);
    manager.release(held);

    assertSame(held, manager.acquire(1, TimeUnit.SECONDS));
    assertEquals(0, manager.stats().waitTimeouts());
  }

  @Test
  void releaseOfAForeignInstanceIsIgnored() throws Exception {
    LifecycleManager<PoolableServant> manager = started(pool(1, 1, LONG, IDLE));
    PoolableServant stranger = new PoolableServant(tracker);

    manager.release(stranger);
    manager.release(null);

    assertEquals(new LifecycleStats(1, 0, 0, 1, 0, 0), manager.stats());
    assertFalse(stranger.isClosed());
  }

  private static void sleepBriefly() {
    try {
      Thread.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
