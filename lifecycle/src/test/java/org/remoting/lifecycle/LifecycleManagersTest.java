package org.remoting.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.remoting.lifecycle.Servants.NAME;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.remoting.Concurrency;
import org.remoting.Lifecycle;
import org.remoting.testing.FakeClock;

class LifecycleManagersTest {
  /**
   * Every lifecycle but passivated and leased, which PassivationManager and LeaseManager serve
   * per object id.
   */
  private static final java.util.List<Lifecycle> BY_LIFECYCLE_MANAGER =
      java.util.Arrays.stream(Lifecycle.values())
          .filter(l -> l != Lifecycle.PASSIVATED && l != Lifecycle.LEASED)
          .toList();

  @Test
  void passivatedIsNotALifecycleManager() {
    assertNotALifecycleManager(Lifecycle.PASSIVATED, "PassivationManager");
  }

  @Test
  void leasedIsNotALifecycleManager() {
    assertNotALifecycleManager(Lifecycle.LEASED, "LeaseManager");
  }

  private static void assertNotALifecycleManager(Lifecycle lifecycle, String managedBy) {
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () ->
                LifecycleManagers.create(
                    NAME,
                    new ServantPolicy(lifecycle, Concurrency.SHARED, PoolPolicy.DEFAULT),
                    Object::new,
                    System::nanoTime,
                    (task, delay, unit) -> () -> { }));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains(managedBy), e.getMessage());
  }

  private final FakeClock clock = new FakeClock();
  private final Supplier<Object> factory = Object::new;

  @Test
  void createsAManagerOfTheRequestedLifecycle() {
    for (Lifecycle lifecycle : BY_LIFECYCLE_MANAGER) {
      for (Concurrency concurrency : Concurrency.values()) {
        LifecycleManager<Object> manager =
            LifecycleManagers.create(
                NAME,
                new ServantPolicy(lifecycle, concurrency, PoolPolicy.DEFAULT),
                factory,
                clock,
                clock);
        assertEquals(lifecycle, manager.lifecycle(), lifecycle + "/" + concurrency);
      }
    }
  }

  @Test
  void rejectsNullArgumentsByName() {
    ServantPolicy p = ServantPolicy.DEFAULT;
    assertNpe("servantName", () -> LifecycleManagers.create(null, p, factory, clock, clock));
    assertNpe("policy", () -> LifecycleManagers.create(NAME, null, factory, clock, clock));
    assertNpe("factory", () -> LifecycleManagers.create(NAME, p, null, clock, clock));
    assertNpe("ticker", () -> LifecycleManagers.create(NAME, p, factory, null, clock));
    assertNpe("scheduler", () -> LifecycleManagers.create(NAME, p, factory, clock, null));
  }

  @Test
  void everyLifecycleReportsFactoryFailuresTheSameWay() throws Exception {
    IllegalStateException boom = new IllegalStateException("boom");
    for (Lifecycle lifecycle : BY_LIFECYCLE_MANAGER) {
      LifecycleManager<Object> manager =
          LifecycleManagers.create(
              NAME,
              new ServantPolicy(lifecycle, Concurrency.SHARED, PoolPolicy.DEFAULT),
              () -> {
                throw boom;
              },
              clock,
              clock);
      ServantCreationException e =
          assertThrows(
              ServantCreationException.class,
              () -> {
                manager.start();
                manager.acquire(1, TimeUnit.SECONDS);
              },
              lifecycle.toString());
      assertEquals(
          "could not create servant demo.Calculator: java.lang.IllegalStateException: boom",
          e.getMessage());
      assertSame(boom, e.getCause());
    }
  }

  private static void assertNpe(String name, Runnable call) {
    NullPointerException e = assertThrows(NullPointerException.class, call::run);
    assertEquals(name, e.getMessage());
  }
}
