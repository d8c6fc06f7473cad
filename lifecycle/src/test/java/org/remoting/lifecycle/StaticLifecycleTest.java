package org.remoting.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.remoting.lifecycle.Servants.NAME;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.remoting.Concurrency;
import org.remoting.Lifecycle;
import org.remoting.lifecycle.Servants.Servant;
import org.remoting.lifecycle.Servants.Tracker;
import org.remoting.testing.FakeClock;

class StaticLifecycleTest {
  private final Tracker tracker = new Tracker();
  private final FakeClock clock = new FakeClock();
  private final LifecycleManager<Servant> manager =
      LifecycleManagers.create(
          NAME,
          new ServantPolicy(Lifecycle.STATIC, Concurrency.SHARED, PoolPolicy.DEFAULT),
          tracker.servants(),
          clock,
          clock);

  @Test
  void createsOneInstanceAtStartAndSharesIt() throws Exception {
    assertEquals(0, tracker.created.size());
    manager.start();
    assertEquals(1, tracker.created.size());

    Servant a = manager.acquire(1, TimeUnit.SECONDS);
    Servant b = manager.acquire(1, TimeUnit.SECONDS);

    assertSame(a, b);
    assertSame(tracker.created.get(0), a);
    assertEquals(new LifecycleStats(1, 0, 1, 0, 0, 0), manager.stats());
    manager.release(a);
    manager.release(b);
    assertEquals(new LifecycleStats(1, 0, 0, 1, 0, 0), manager.stats());
    assertEquals(Lifecycle.STATIC, manager.lifecycle());
  }

  @Test
  void acquireBeforeStartFails() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> manager.acquire(1, TimeUnit.SECONDS));
    assertTrue(e.getMessage().contains(NAME), e.getMessage());
  }

  @Test
  void closeClosesTheInstanceOnceAndLaterAcquiresFail() throws Exception {
    manager.start();
    manager.release(manager.acquire(1, TimeUnit.SECONDS));

    manager.close();
    manager.close();

    Servant servant = tracker.created.get(0);
    assertEquals(1, servant.closes());
    assertEquals(new LifecycleStats(1, 1, 0, 0, 0, 0), manager.stats());
    assertThrows(IllegalStateException.class, () -> manager.acquire(1, TimeUnit.SECONDS));
    assertThrows(IllegalStateException.class, manager::start);
  }

  @Test
  void instanceInUseAtCloseIsClosedByTheLastRelease() throws Exception {
    manager.start();
    Servant a = manager.acquire(1, TimeUnit.SECONDS);
    Servant b = manager.acquire(1, TimeUnit.SECONDS);

    manager.close();
    assertFalse(a.isClosed());
    manager.release(a);
    assertFalse(a.isClosed());
    manager.release(b);

    assertEquals(1, a.closes());
    assertEquals(new LifecycleStats(1, 1, 0, 0, 0, 0), manager.stats());
  }

  @Test
  void startTwiceFails() {
    manager.start();
    assertThrows(IllegalStateException.class, manager::start);
  }

  @Test
  void factoryFailureAtStartFailsStart() {
    tracker.failuresToThrow.set(1);

    ServantCreationException e = assertThrows(ServantCreationException.class, manager::start);

    assertEquals(
        "could not create servant demo.Calculator: java.lang.IllegalStateException: boom",
        e.getMessage());
    assertInstanceOf(IllegalStateException.class, e.getCause());
    assertThrows(IllegalStateException.class, () -> manager.acquire(1, TimeUnit.SECONDS));
  }

  @Test
  void factoryReturningNullIsACreationFailure() {
    LifecycleManager<Object> nulls =
        LifecycleManagers.create(NAME, ServantPolicy.DEFAULT, () -> null, clock, clock);

    ServantCreationException e = assertThrows(ServantCreationException.class, nulls::start);

    assertInstanceOf(NullPointerException.class, e.getCause());
  }
}
