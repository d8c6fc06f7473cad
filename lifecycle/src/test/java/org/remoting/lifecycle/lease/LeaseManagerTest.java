package org.remoting.lifecycle.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.remoting.ObjectNotFoundException;
import org.remoting.testing.FakeClock;

class LeaseManagerTest {
  static final String SERVICE = "demo.Cart";
  static final Instant START = Instant.parse("2026-11-23T10:00:00Z");
  static final Duration LEASE = Duration.ofSeconds(30);
  static final Duration MAX = Duration.ofSeconds(60);
  static final Duration MEMORY = Duration.ofMinutes(10);

  private final FakeClock clock = new FakeClock();
  private final LeaseManager<Cart> manager =
      new LeaseManager<>(
          SERVICE, new LeasePolicy(LEASE, MAX, MEMORY), clock, clock, wallClock(clock, START));

  @Test
  void staysAliveWhileRenewedThenExpiresAtTheLeaseTime() {
    Cart cart = new Cart();
    String id = manager.register(cart);

    for (int period = 0; period < 5; period++) {
      clock.advance(Duration.ofSeconds(25)); // renew 5 s before each expiry
      RenewResult result = manager.renew(List.of(id), null);
      assertEquals(Map.of(id, LEASE), result.granted());
      assertEquals(Set.of(), result.missing());
      call(id, cart);
    }
    // Renewals stop at START + 125 s, so the lease ends at START + 155 s.
    clock.advance(LEASE.minusNanos(1));
    assertEquals(Optional.of(Duration.ofNanos(1)), manager.remaining(id));
    call(id, cart);
    assertEquals(0, cart.closes.get());

    clock.advance(Duration.ofNanos(1));
    ObjectNotFoundException e = assertThrows(ObjectNotFoundException.class, () -> manager.acquire(id));
    assertEquals(
        "lease of object '" + id + "' in service demo.Cart expired at 2026-11-23T10:02:35Z",
        e.getMessage());
    assertEquals(1, cart.closes.get());

    clock.advance(MEMORY.minusSeconds(1)); // sweeps run meanwhile; still remembered
    assertTrue(
        assertThrows(ObjectNotFoundException.class, () -> manager.acquire(id))
            .getMessage()
            .contains("expired at 2026-11-23T10:02:35Z"));
    assertEquals(1, cart.closes.get());
    assertEquals(new LeaseStats(0, 1, 5, 5, 1, 0, 1, 0), manager.stats());
  }

  @Test
  void sweepDestroysWithinDurationPlusPeriodWithoutAnyCall() {
    assertEquals(0, clock.pendingTasks(), "nothing scheduled before the first object");
    Cart cart = new Cart();
    String id = manager.register(cart);
    assertEquals(1, clock.pendingTasks());

    clock.advance(LEASE.minusNanos(1));
    assertEquals(0, cart.closes.get());
    clock.advance(manager.sweepPeriod().plusNanos(1));
    assertEquals(1, cart.closes.get());
    assertEquals(1, manager.stats().expired());
    assertEquals(Optional.empty(), manager.remaining(id));

    // The id is forgotten after the expired memory, and then the sweep stops.
    clock.advance(MEMORY.plus(manager.sweepPeriod()));
    ObjectNotFoundException e = assertThrows(ObjectNotFoundException.class, () -> manager.acquire(id));
    assertTrue(e.getMessage().startsWith("no object '" + id + "' in service demo.Cart"), e.getMessage());
    assertEquals(0, clock.pendingTasks(), "no sweep while there is nothing to watch");

    // A new object starts the sweep again.
    Cart next = new Cart();
    manager.register(next);
    assertEquals(1, clock.pendingTasks());
    clock.advance(LEASE.plus(manager.sweepPeriod()));
    assertEquals(1, next.closes.get());
  }

  @Test
  void renewsTenThousandLeasesInOneCall() {
    List<String> ids = new ArrayList<>();
    List<Cart> carts = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      Cart cart = new Cart();
      carts.add(cart);
      ids.add(manager.register(cart));
    }
    clock.advance(Duration.ofSeconds(20));

    RenewResult result = manager.renew(ids, null);

    assertEquals(10_000, result.granted().size());
    assertTrue(result.granted().values().stream().allMatch(LEASE::equals));
    assertEquals(Set.of(), result.missing());
    LeaseStats stats = manager.stats();
    assertEquals(1, stats.renewCalls());
    assertEquals(10_000, stats.leasesRenewed());

    clock.advance(Duration.ofSeconds(29)); // past the original end, before the renewed one
    assertEquals(10_000, manager.stats().active());
    assertTrue(carts.stream().allMatch(c -> c.closes.get() == 0));
  }

  @Test
  void capsRequestedDurationsAndReportsMissingIds() {
    String id = manager.register(new Cart());
    String expiring = manager.register(new Cart());
    String released = manager.register(new Cart());
    manager.releaseLease(released);
    clock.advance(Duration.ofSeconds(10));
    manager.renew(List.of(expiring), Duration.ofSeconds(1)); // never shortens: still ends at 30 s

    RenewResult result =
        manager.renew(List.of(id, "no-such-id", released, id), Duration.ofHours(1));

    assertEquals(Map.of(id, MAX), result.granted());
    assertEquals(Set.of("no-such-id", released), result.missing());

    clock.advance(Duration.ofSeconds(20));
    result = manager.renew(List.of(id, expiring), Duration.ofSeconds(5));
    assertEquals(Map.of(id, Duration.ofSeconds(40)), result.granted(), "never shortened");
    assertEquals(Set.of(expiring), result.missing());

    result = manager.renew(List.of(id), Duration.ofSeconds(50));
    assertEquals(Map.of(id, Duration.ofSeconds(50)), result.granted());
    assertEquals(new LeaseStats(1, 3, 4, 4, 1, 1, 2, 0), manager.stats());

    assertThrows(IllegalArgumentException.class, () -> manager.renew(List.of(id), Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class, () -> manager.renew(List.of(id), Duration.ofSeconds(-1)));
    List<String> withNull = new ArrayList<>();
    withNull.add(null);
    assertThrows(NullPointerException.class, () -> manager.renew(withNull, null));
  }

  @Test
  void releaseLeaseDestroysNow() {
    Cart cart = new Cart();
    String id = manager.register(cart);
    clock.advance(Duration.ofSeconds(3));

    assertTrue(manager.releaseLease(id));

    assertEquals(1, cart.closes.get());
    ObjectNotFoundException e = assertThrows(ObjectNotFoundException.class, () -> manager.acquire(id));
    assertEquals(
        "object '" + id + "' in service demo.Cart was released by its client at"
            + " 2026-11-23T10:00:03Z",
        e.getMessage());
    assertFalse(manager.releaseLease(id));
    assertFalse(manager.releaseLease("no-such-id"));
    assertEquals(Set.of(id), manager.renew(List.of(id), null).missing());
    assertEquals(Optional.empty(), manager.remaining(id));
    clock.advance(LEASE.multipliedBy(2));
    assertEquals(1, cart.closes.get());
    assertEquals(new LeaseStats(0, 1, 1, 0, 0, 1, 1, 0), manager.stats());
  }

  @Test
  void callInFlightAcrossExpiryDelaysTheDestruction() {
    Cart cart = new Cart();
    String id = manager.register(cart);
    Cart held = manager.acquire(id);
    assertSame(cart, held);

    clock.advance(LEASE.plus(manager.sweepPeriod())); // the sweep finds the lease expired
    assertEquals(1, manager.stats().expired());
    assertEquals(0, cart.closes.get(), "closed while a call holds it");
    assertTrue(
        assertThrows(ObjectNotFoundException.class, () -> manager.acquire(id))
            .getMessage()
            .contains("expired at 2026-11-23T10:00:30Z"));
    assertEquals(Set.of(id), manager.renew(List.of(id), null).missing());

    manager.release(id, held);

    assertEquals(1, cart.closes.get());
    manager.release(id, held); // unmatched: logged and ignored
    assertEquals(1, cart.closes.get());
  }

  @Test
  void releaseLeaseDuringACallDestroysAfterTheLastCall() {
    Cart cart = new Cart();
    String id = manager.register(cart);
    Cart first = manager.acquire(id);
    Cart second = manager.acquire(id);

    assertTrue(manager.releaseLease(id));
    manager.release(id, first);
    assertEquals(0, cart.closes.get());
    manager.release(id, second);

    assertEquals(1, cart.closes.get());
  }

  @Test
  void unknownIdsAreReportedAsSuch() {
    ObjectNotFoundException e =
        assertThrows(ObjectNotFoundException.class, () -> manager.acquire("nope"));
    assertEquals(
        "no object 'nope' in service demo.Cart (the id is unknown, or its lease ended more than"
            + " PT10M ago)",
        e.getMessage());
    assertEquals(Optional.empty(), manager.remaining("nope"));
    String longId = "x".repeat(10_000);
    assertTrue(
        assertThrows(ObjectNotFoundException.class, () -> manager.acquire(longId))
                .getMessage()
                .length()
            < 200);
    manager.release("nope", new Cart()); // never throws
  }

  @Test
  void idsAreDistinctUnguessableAndPrintable() {
    int count = 10_000;
    Set<String> ids = new HashSet<>();
    int[] ones = new int[128];
    for (int i = 0; i < count; i++) {
      String id = manager.register(new Cart());
      assertTrue(id.length() >= 22 && id.length() <= 64, id);
      assertTrue(id.matches("[A-Za-z0-9_-]+"), id); // URL-safe, so printable ASCII
      byte[] bits = Base64.getUrlDecoder().decode(id);
      assertTrue(bits.length >= 16, id);
      for (int b = 0; b < 128; b++) {
        ones[b] += (bits[b / 8] >> (b % 8)) & 1;
      }
      ids.add(id);
    }
    assertEquals(count, ids.size());
    for (int b = 0; b < 128; b++) { // every bit varies like a coin flip (±6 standard deviations)
      assertTrue(Math.abs(ones[b] - count / 2) < 300, "bit " + b + " set " + ones[b] + " times");
    }
  }

  @Test
  void closeDestroysAllAndIsIdempotent() {
    Cart idle = new Cart();
    Cart busy = new Cart();
    String idleId = manager.register(idle);
    String busyId = manager.register(busy);
    Cart held = manager.acquire(busyId);

    manager.close();
    manager.close();

    assertEquals(1, idle.closes.get());
    assertEquals(0, busy.closes.get());
    assertEquals(0, clock.pendingTasks());
    assertThrows(IllegalStateException.class, () -> manager.acquire(idleId));
    Cart late = new Cart();
    assertThrows(IllegalStateException.class, () -> manager.register(late));
    assertEquals(1, late.closes.get(), "the manager owns what it was handed");
    assertThrows(IllegalStateException.class, () -> manager.renew(List.of(idleId), null));
    assertFalse(manager.releaseLease(busyId));
    assertEquals(Optional.empty(), manager.remaining(busyId));

    manager.release(busyId, held);

    assertEquals(1, busy.closes.get());
    assertEquals(new LeaseStats(0, 2, 0, 0, 0, 0, 3, 0), manager.stats());
  }

  @Test
  void aFailingCloseIsLoggedAndTheSweepGoesOn() {
    Cart failing = new Cart();
    failing.failClose = true;
    Cart other = new Cart();
    manager.register(failing);
    manager.register(other);

    clock.advance(LEASE.plus(manager.sweepPeriod()));

    assertEquals(1, failing.closes.get());
    assertEquals(1, other.closes.get());
    assertEquals(2, manager.stats().destroyed());
  }

  @Test
  void plainObjectsNeedNotBeCloseable() {
    LeaseManager<Object> plain =
        new LeaseManager<>(SERVICE, LeasePolicy.of(LEASE), clock, clock);
    Object servant = new Object();
    String id = plain.register(servant);
    assertSame(servant, plain.acquire(id));
    plain.release(id, servant);
    clock.advance(LEASE.plus(plain.sweepPeriod()));
    assertEquals(1, plain.stats().destroyed());
    assertEquals(
        Set.of(id), plain.renew(List.of(id), Duration.ofSeconds(1)).missing());
  }

  @Test
  void exportingALiveInstanceAgainKeepsItsIdAndExtendsItsLease() {
    Cart cart = new Cart();
    String id = manager.export(cart).id();
    clock.advance(Duration.ofSeconds(20));
    assertEquals(id, manager.export(cart).id(), "one object, one id");
    assertEquals(Optional.of(LEASE), manager.remaining(id), "extended to a full lease");
    assertEquals(1, manager.stats().registered());

    Cart other = new Cart();
    String otherId = manager.export(other).id();
    assertFalse(otherId.equals(id));
    assertSame(other, manager.instance(otherId));
    assertSame(cart, manager.instance(id));
  }

  @Test
  void exportingAnEndedInstanceGivesANewIdAndClosesItOnlyOnce() {
    Cart cart = new Cart();
    String first = manager.export(cart).id();
    Cart held = manager.acquire(first); // a call keeps the ended lease from being destroyed
    clock.advance(LEASE);
    assertThrows(ObjectNotFoundException.class, () -> manager.instance(first));

    String second = manager.export(cart).id();
    assertFalse(second.equals(first));
    manager.release(first, held); // the first lease is destroyed, but the instance lives on
    assertEquals(0, cart.closes.get());
    call(second, cart);

    assertTrue(manager.releaseLease(second));
    assertEquals(1, cart.closes.get());
  }

  /**
   * The other order: the newer lease ends first, while a call still holds the instance under the
   * older one. The instance must not be closed under that call, and must be closed once.
   */
  @Test
  void anInstanceExportedAgainIsClosedOnceAfterTheLastCallOfAnyOfItsLeases() {
    Cart cart = new Cart();
    String first = manager.export(cart).id();
    Cart held = manager.acquire(first); // a call keeps the ended lease from being destroyed
    clock.advance(LEASE);
    String second = manager.export(cart).id();
    assertFalse(second.equals(first));

    assertTrue(manager.releaseLease(second)); // the newer lease ends and is destroyed first
    assertEquals(0, cart.closes.get(), "closed while a call under the older lease holds it");

    manager.release(first, held);
    assertEquals(1, cart.closes.get(), "closed once, when its last lease is destroyed");
  }

  @Test
  void eachHandOutOfALiveObjectHasTheNextGrant() {
    Cart cart = new Cart();
    LeaseGrant first = manager.export(cart);
    assertEquals(1, first.number());
    assertEquals(new LeaseGrant(first.id(), 2), manager.export(cart));
    assertEquals(new LeaseGrant(first.id(), 3), manager.export(cart, "alice", 1));
    assertEquals(1, manager.export(new Cart()).number(), "another object counts on its own");

    clock.advance(LEASE);
    LeaseGrant again = manager.export(cart);
    assertEquals(1, again.number(), "exported after its lease ended: a new object");
    assertFalse(again.id().equals(first.id()));
  }

  @Test
  void liveIdTellsWhetherAnInstanceHasALiveLeaseWithoutHandingItOut() {
    Cart cart = new Cart();
    assertNull(manager.liveId(cart), "never exported");
    String id = manager.export(cart).id();

    assertEquals(id, manager.liveId(cart));
    assertEquals(2, manager.export(cart).number(), "asking raised no grant");
    clock.advance(LEASE);
    assertNull(manager.liveId(cart), "its lease ended");
  }

  /** The race of decision 21: a reference handed out while an older one's release is in flight. */
  @Test
  void aReleaseOfAnOlderGrantLeavesTheObjectAlive() {
    Cart cart = new Cart();
    String id = manager.export(cart).id(); // grant 1: the client holds it, then drops its proxy
    assertEquals(2, manager.export(cart).number()); // returned again before the release arrives

    assertFalse(manager.releaseLease(id, 1), "released grant 1, but grant 2 was handed out");
    call(id, cart);
    assertEquals(Optional.of(LEASE), manager.remaining(id));
    assertEquals(0, manager.stats().released());
    assertEquals(1, manager.stats().releasesIgnored());
    assertEquals(0, cart.closes.get());

    assertTrue(manager.releaseLease(id, 2), "the latest grant ends it");
    assertEquals(1, cart.closes.get());
    assertTrue(assertThrows(ObjectNotFoundException.class, () -> manager.acquire(id))
        .getMessage().contains("was released by its client"));
  }

  @Test
  void aReleaseOfTheLatestGrantOrANewerOneEndsTheObject() {
    Cart cart = new Cart();
    String id = manager.export(cart).id();
    manager.export(cart);

    assertTrue(manager.releaseLease(id, 7), "a grant above the latest is not older");
    assertEquals(1, cart.closes.get());
    assertEquals(1, manager.stats().released());
    assertFalse(manager.releaseLease(id, 7), "released already");
  }

  @Test
  void aReleaseWithoutAGrantEndsTheObjectWhateverWasHandedOut() {
    Cart first = new Cart();
    Cart second = new Cart();
    String a = manager.export(first).id();
    manager.export(first);
    String b = manager.export(second).id();
    manager.export(second);

    assertTrue(manager.releaseLease(a), "no grant: as a foreign or older client releases");
    assertTrue(manager.releaseLease(b, 0), "grant 0 means none");
    assertEquals(1, first.closes.get());
    assertEquals(1, second.closes.get());
  }

  /** At shutdown, a call returning its own live instance must not close it under the call. */
  @Test
  void exportingAfterCloseDoesNotCloseAnInstanceThatACallStillHolds() {
    Cart cart = new Cart();
    String id = manager.export(cart).id();
    Cart held = manager.acquire(id);
    manager.close();

    assertThrows(IllegalStateException.class, () -> manager.export(cart));
    assertEquals(0, cart.closes.get(), "closed while a call holds it");

    manager.release(id, held);
    assertEquals(1, cart.closes.get());
  }

  @Test
  void instanceOfAnExpiredObjectSaysWhenItExpired() {
    String id = manager.export(new Cart()).id();
    clock.advance(LEASE);
    ObjectNotFoundException e =
        assertThrows(ObjectNotFoundException.class, () -> manager.instance(id));
    assertTrue(e.getMessage().contains("expired at 2026-11-23T10:00:30Z"), e.getMessage());
  }

  private void call(String id, Cart expected) {
    Cart cart = manager.acquire(id);
    try {
      assertSame(expected, cart);
      assertEquals(0, cart.closes.get());
    } finally {
      manager.release(id, cart);
    }
  }

  /** A wall clock that starts at {@code start} and moves with {@code ticker}. */
  static Clock wallClock(FakeClock ticker, Instant start) {
    long origin = ticker.read();
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Instant instant() {
        return start.plusNanos(ticker.read() - origin);
      }
    };
  }

  /** A client-dependent servant that counts its closes and the calls holding it. */
  @Test
  void objectsKeepTheirOwnerAndEachOwnerIsCountedUpToTheLimit() {
    Cart first = new Cart();
    Cart second = new Cart();
    String a1 = manager.export(first, "alice", 2).id();
    String a2 = manager.export(second, "alice", 2).id();
    String b1 = manager.export(new Cart(), "bob", 2).id();
    String nobody = manager.export(new Cart()).id();

    assertEquals("alice", manager.owner(a1));
    assertEquals("bob", manager.owner(b1));
    assertEquals(null, manager.owner(nobody));
    assertEquals(2, manager.objectsOf("alice"));
    assertEquals(a1, manager.export(first, "bob", 2).id(), "a live object keeps its id and owner");
    assertEquals("alice", manager.owner(a1));

    Cart refused = new Cart();
    org.remoting.TooManyObjectsException e =
        assertThrows(
            org.remoting.TooManyObjectsException.class,
            () -> manager.export(refused, "alice", 2));
    assertTrue(e.getMessage().contains("at most 2 live objects of service demo.Cart"),
        e.getMessage());
    assertEquals(1, refused.closes.get(), "the refused instance is destroyed, not leaked");
    assertEquals(4, manager.stats().active());

    assertTrue(manager.releaseLease(a2));
    assertEquals(1, manager.objectsOf("alice"));
    String a3 = manager.export(new Cart(), "alice", 2).id();
    clock.advance(LEASE); // everything expires
    assertEquals(0, manager.objectsOf("alice"));
    assertEquals(0, manager.objectsOf("bob"));
    assertEquals(null, manager.owner(a3), "an ended object has no owner");
  }

  static final class Cart implements AutoCloseable {
    final AtomicInteger closes = new AtomicInteger();
    final AtomicInteger holders = new AtomicInteger();
    final AtomicInteger closedWhileHeld = new AtomicInteger();
    volatile boolean failClose;

    @Override
    public void close() {
      if (holders.get() > 0) {
        closedWhileHeld.incrementAndGet();
      }
      closes.incrementAndGet();
      if (failClose) {
        throw new IllegalStateException("close failed");
      }
    }
  }
}
