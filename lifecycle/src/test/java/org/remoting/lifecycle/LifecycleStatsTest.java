package org.remoting.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.remoting.lifecycle.Servants.NAME;
import static org.remoting.lifecycle.Servants.pool;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.remoting.Concurrency;
import org.remoting.Lifecycle;
import org.remoting.ServantBusyException;
import org.remoting.lifecycle.Servants.PoolableServant;
import org.remoting.lifecycle.Servants.Tracker;
import org.remoting.testing.FakeClock;

/** Counters after a mixed sequence of calls, failures, shrinking and closing. */
class LifecycleStatsTest {
  private final Tracker tracker = new Tracker();
  private final FakeClock clock = new FakeClock();

  @Test
  void pooledCountersFollowAMixedSequence() throws Exception {
    LifecycleManager<PoolableServant> manager =
        LifecycleManagers.create(
            NAME,
            new ServantPolicy(
                Lifecycle.POOLED,
                Concurrency.SHARED,
                pool(1, 3, Duration.ZERO, Duration.ofSeconds(10))),
            tracker.poolables(),
            clock,
            clock);
    assertEquals(new LifecycleStats(0, 0, 0, 0, 0, 0), manager.stats());

    manager.start();
    assertEquals(new LifecycleStats(1, 0, 0, 1, 0, 0), manager.stats());

    PoolableServant a = manager.acquire(1, TimeUnit.SECONDS);
    PoolableServant b = manager.acquire(1, TimeUnit.SECONDS);
    tracker.failuresToThrow.set(1);
    assertThrows(ServantCreationException.class, () -> manager.acquire(1, TimeUnit.SECONDS));
    PoolableServant c = manager.acquire(1, TimeUnit.SECONDS);
    assertEquals(new LifecycleStats(3, 0, 3, 0, 0, 0), manager.stats());

    assertThrows(ServantBusyException.class, () -> manager.acquire(1, TimeUnit.SECONDS));
    assertThrows(ServantBusyException.class, () -> manager.acquire(1, TimeUnit.SECONDS));
    assertEquals(new LifecycleStats(3, 0, 3, 0, 0, 2), manager.stats());

    b.failReset = true;
    manager.release(b);
    manager.release(a);
    assertEquals(new LifecycleStats(3, 1, 1, 1, 0, 2), manager.stats());

    manager.release(c);
    clock.advance(Duration.ofSeconds(15));
    assertEquals(new LifecycleStats(3, 2, 0, 1, 0, 2), manager.stats());

    manager.acquire(1, TimeUnit.SECONDS);
    manager.close();
    assertEquals(new LifecycleStats(3, 2, 1, 0, 0, 2), manager.stats());
  }

  @Test
  void serializedStaticCountersIncludeItsOwnWaits() throws Exception {
    LifecycleManager<Servants.Servant> manager =
        LifecycleManagers.create(
            NAME,
            new ServantPolicy(Lifecycle.STATIC, Concurrency.SERIALIZED, PoolPolicy.DEFAULT),
            tracker.servants(),
            clock,
            clock);
    manager.start();
    Servants.Servant held = manager.acquire(1, TimeUnit.SECONDS);
    assertThrows(ServantBusyException.class, () -> manager.acquire(1, TimeUnit.MILLISECONDS));
    assertEquals(new LifecycleStats(1, 0, 1, 0, 0, 1), manager.stats());
    manager.release(held);
    manager.close();
    assertEquals(new LifecycleStats(1, 1, 0, 0, 0, 1), manager.stats());
  }
}
