package org.remoting.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.remoting.InvalidConfigurationException;
import org.remoting.ObjectNotFoundException;
import org.remoting.PollObject;
import org.remoting.invocation.Invocations;
import org.remoting.lifecycle.lease.LeaseStats;
import org.remoting.testing.FakeClock;

/**
 * Leased objects end to end: a remote factory returns carts by reference; the client renews their
 * leases in one call per interval while it holds them, releases them explicitly or when their
 * proxies are garbage collected; the server destroys them when their leases end.
 */
class LeasedIntegrationTest {
  private static final Duration LEASE = Duration.ofSeconds(10);
  private static final String CART = "test.Cart";

  @RegisterExtension final RemotingCleanup cleanup = new RemotingCleanup();

  private final FakeClock clock = new FakeClock();
  private final ShopServant shop = new ShopServant();

  private RemotingCleanup.Started start(Transport transport) throws Exception {
    return start(transport, b -> { });
  }

  private RemotingCleanup.Started start(
      Transport transport, Consumer<RemotingServer.Builder> more) throws Exception {
    return cleanup.start(
        transport,
        b -> {
          b.config(ConfigFactory.parseString(
                  "remoting.servants.\"test.Cart\".lease { duration = 10s, max-duration = 60s }"))
              .ticker(clock)
              .scheduler(clock)
              .export(Shop.class, ShopServant.class, () -> shop);
          more.accept(b);
        });
  }

  /** A client on the same fake clock as the server, so advancing it renews leases. */
  private RemotingClient client(RemotingCleanup.Started started, FakeClock clientClock) {
    return cleanup.register(
        RemotingClient.builder()
            .target(started.target())
            .ticker(clientClock)
            .scheduler(clientClock)
            .build());
  }

  private LeaseStats leases(RemotingCleanup.Started started) {
    return started.server().leaseStats(CART);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aFactoryReturnsAProxyBoundToAFreshUnguessableId(Transport transport) throws Exception {
    RemotingCleanup.Started started = start(transport);
    Shop remoteShop = client(started, clock).lookup(Shop.class);

    Cart ann = remoteShop.newCart("ann");
    Cart bob = remoteShop.newCart("bob");
    ann.add("apple");
    ann.add("pear");
    bob.add("bread");

    assertEquals(List.of("apple", "pear"), ann.items());
    assertEquals("bob", bob.customer());
    assertEquals(List.of("bread"), shop.created.get(1).items, "calls reach the servant");
    String id = Remoting.objectId(ann);
    assertTrue(id.matches("[A-Za-z0-9_-]{22}"), "128 random bits, URL-safe: " + id);
    assertNotEquals(id, Remoting.objectId(bob));
    assertTrue(Remoting.isLeased(ann));
    assertEquals(LEASE, Remoting.leaseDuration(ann), "as configured for test.Cart");
    assertFalse(Remoting.isLeased(remoteShop));
    assertEquals(2, leases(started).active());
    assertTrue(started.server().services().containsAll(List.of("test.Shop", CART)));
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aHeldObjectStaysAliveForManyLeasePeriods(Transport transport) throws Exception {
    RemotingCleanup.Started started = start(transport);
    Cart cart = client(started, clock).lookup(Shop.class).newCart("ann");

    for (int i = 0; i < 10; i++) { // 50 s: five lease periods
      clock.advance(LEASE.dividedBy(2));
      cart.add("item-" + i);
    }

    assertEquals(10, cart.items().size());
    assertEquals(1, leases(started).active());
    assertEquals(10, leases(started).renewCalls(), "one renewal every lease / 2");
    assertEquals(0, shop.created.get(0).closes.get());
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void withRenewalsBlockedTheObjectExpiresAtTheLeaseTime(Transport transport) throws Exception {
    RemotingCleanup.Started started = start(transport);
    FakeClock stoppedClientClock = new FakeClock(); // never advanced: the client never renews
    Cart cart = client(started, stoppedClientClock).lookup(Shop.class).newCart("ann");

    clock.advance(LEASE.minusMillis(1));
    cart.add("apple");
    clock.advance(Duration.ofMillis(1));

    ObjectNotFoundException e = assertThrows(ObjectNotFoundException.class, cart::items);
    assertTrue(e.getMessage().contains("lease of object '" + Remoting.objectId(cart)
        + "' in service test.Cart expired at "), e.getMessage());
    assertEquals(1, shop.created.get(0).closes.get(), "the servant's close hook ran");
    assertEquals(1, leases(started).expired());
    assertEquals(Optional.empty(), Remoting.leaseRemaining(cart));
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aProxyThatIsGarbageCollectedReleasesItsObject(Transport transport) throws Exception {
    RemotingCleanup.Started started = start(transport);
    RemotingClient client = client(started, clock);
    Shop remoteShop = client.lookup(Shop.class);
    Cart kept = remoteShop.newCart("kept");
    createAndDrop(remoteShop);
    assertEquals(2, leases(started).active());

    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (leases(started).released() == 0 && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(20); // waiting for the collector, not for time-based behaviour
    }

    assertEquals(1, leases(started).released(), "the dropped cart was released");
    assertEquals(1, shop.created.get(1).closes.get());
    assertEquals(0, shop.created.get(0).closes.get());
    assertEquals(1, client.leasedObjects());
    kept.add("still works");
    assertEquals(List.of("still works"), kept.items());
  }

  private static void createAndDrop(Shop remoteShop) {
    Cart dropped = remoteShop.newCart("dropped");
    Remoting.withDeadline(dropped, Duration.ofSeconds(5)).add("x"); // a derived proxy, dropped too
  }

  /**
   * Collects garbage for at most {@code time}, or until {@code done}; true if it got done. For
   * asserting that something does not happen, give it the time to happen.
   */
  private static boolean collectGarbageUntil(BooleanSupplier done, Duration time)
      throws InterruptedException {
    long deadline = System.nanoTime() + time.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      System.gc();
      Thread.sleep(20); // waiting for the collector, not for time-based behaviour
    }
    return true;
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(20, TimeUnit.SECONDS)) {
        throw new AssertionError("latch not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void anAsynchronousCallHoldsTheObjectOfItsProxyUntilItEnds(Transport transport)
      throws Exception {
    RemotingCleanup.Started started = start(transport);
    Shop remoteShop = client(started, clock).lookup(Shop.class);
    CountDownLatch inCall = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    shop.onAdd = item -> {
      inCall.countDown();
      await(finish);
    };

    PollObject<Object> added = addToACartAndDropIt(remoteShop); // only the call refers to it
    try {
      await(inCall);
      collectGarbageUntil(() -> leases(started).released() > 0, Duration.ofSeconds(1));
      assertEquals(0, leases(started).released(), "released while a call on it runs");
    } finally {
      finish.countDown();
    }
    added.getResult();
    assertEquals(List.of("apple"), shop.created.get(0).items);
  }

  private static PollObject<Object> addToACartAndDropIt(Shop remoteShop) {
    return Invocations.poll(remoteShop.newCart("ann"), c -> {
      c.add("apple");
      return null;
    });
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void anAsynchronousCallHoldsTheObjectsPassedToItUntilItEnds(Transport transport)
      throws Exception {
    RemotingCleanup.Started started = start(transport);
    Shop remoteShop = client(started, clock).lookup(Shop.class);
    CountDownLatch inCall = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    shop.duringItemsIn = () -> {
      inCall.countDown();
      await(finish);
    };

    PollObject<Integer> count = passACartAndDropIt(remoteShop); // only the call refers to it
    try {
      await(inCall);
      collectGarbageUntil(() -> leases(started).released() > 0, Duration.ofSeconds(1));
      assertEquals(0, leases(started).released(), "released while a call it was passed to runs");
    } finally {
      finish.countDown();
    }
    assertEquals(0, count.getResult(), "the servant got a live cart");
  }

  private static PollObject<Integer> passACartAndDropIt(Shop remoteShop) {
    Cart cart = remoteShop.newCart("ann");
    return Invocations.poll(remoteShop, s -> s.itemsIn(cart));
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void anExplicitReleaseDestroysTheObjectAtOnce(Transport transport) throws Exception {
    RemotingCleanup.Started started = start(transport);
    RemotingClient client = client(started, clock);
    Cart cart = client.lookup(Shop.class).newCart("ann");

    assertTrue(Remoting.release(cart));

    assertEquals(1, shop.created.get(0).closes.get());
    assertEquals(0, client.leasedObjects());
    ObjectNotFoundException e = assertThrows(ObjectNotFoundException.class, cart::items);
    assertTrue(e.getMessage().contains("was released by its client at"), e.getMessage());
    assertFalse(Remoting.release(cart), "released already");
  }

  @Test
  void aClientRenewsForACustomDurationUpToTheMaximum() throws Exception {
    RemotingCleanup.Started started = start(Transport.NETTY);
    Cart cart = client(started, clock).lookup(Shop.class).newCart("ann");
    assertEquals(Optional.of(LEASE), Remoting.leaseRemaining(cart));

    assertEquals(Duration.ofSeconds(45), Remoting.renew(cart, Duration.ofSeconds(45)));
    assertEquals(Optional.of(Duration.ofSeconds(45)), Remoting.leaseRemaining(cart));
    assertEquals(Duration.ofSeconds(60), Remoting.renew(cart, Duration.ofHours(1)), "capped");

    clock.advance(Duration.ofSeconds(59)); // automatic renewals go on meanwhile
    assertEquals(List.of(), cart.items());
    assertThrows(IllegalArgumentException.class, () -> Remoting.renew(cart, Duration.ZERO));
    IllegalArgumentException notLeased =
        assertThrows(IllegalArgumentException.class,
            () -> Remoting.release(cleanup.client(started).lookup(Shop.class)));
    assertTrue(notLeased.getMessage().contains("not a proxy of a leased object"));
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aProxyPassedBackToItsServerIsTheLiveServant(Transport transport) throws Exception {
    RemotingCleanup.Started started = start(transport);
    Shop remoteShop = client(started, clock).lookup(Shop.class);
    Cart cart = remoteShop.newCart("ann");
    cart.add("apple");

    assertTrue(remoteShop.isLocalServant(cart));
    assertEquals(1, remoteShop.itemsIn(cart));

    Remoting.release(cart);
    ObjectNotFoundException e =
        assertThrows(ObjectNotFoundException.class, () -> remoteShop.itemsIn(cart));
    assertTrue(e.getMessage().contains("released by its client"), e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aServantReturnedTwiceIsOneObject(Transport transport) throws Exception {
    RemotingCleanup.Started started = start(transport);
    Shop remoteShop = client(started, clock).lookup(Shop.class);
    Cart first = remoteShop.sharedCart();
    Cart second = remoteShop.sharedCart();
    assertEquals(Remoting.objectId(first), Remoting.objectId(second));
    first.add("one");
    assertEquals(List.of("one"), second.items());
    assertEquals(1, leases(started).registered());
  }

  /**
   * Decision 21's race: the proxy of the shared cart is collected and its release is on its way
   * (held up at the server by the access policy) when the client receives the cart again, under
   * the same id. The release names an older grant than the new reference, so the server ignores
   * it: the object lives on, renewed for the new proxy, until that one is released.
   */
  @ParameterizedTest
  @EnumSource(Transport.class)
  void anObjectReturnedAgainWhileItsReleaseIsInFlightStaysAlive(Transport transport)
      throws Exception {
    CountDownLatch releaseArrived = new CountDownLatch(1);
    CountDownLatch letReleaseIn = new CountDownLatch(1);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    RemotingCleanup.Started started =
        start(transport, b -> b.meterRegistry(meters).accessPolicy(call -> {
          if (call.service().equals("remoting.Leases") && call.method().equals("release")
              && releaseArrived.getCount() > 0) {
            releaseArrived.countDown();
            await(letReleaseIn); // the lease protocol runs on the call pool: blocks nobody else
          }
        }));
    try {
      Shop remoteShop = client(started, clock).lookup(Shop.class);
      String id = addToSharedCartAndDrop(remoteShop);
      assertTrue(
          collectGarbageUntil(() -> releaseArrived.getCount() == 0, Duration.ofSeconds(20)),
          "the collected proxy's release reached the server");

      Cart again = remoteShop.sharedCart();
      assertEquals(id, Remoting.objectId(again), "the same object, handed out again");
      letReleaseIn.countDown();
      awaitCalls(meters, "remoting.Leases", "release", 1);

      assertEquals(0, leases(started).released(), "the release in flight was older: ignored");
      assertEquals(1, leases(started).releasesIgnored());
      assertEquals(List.of("apple"), again.items());
      clock.advance(LEASE.multipliedBy(3)); // the new proxy's lease is renewed
      assertEquals(List.of("apple"), again.items());
      assertEquals(0, shop.shared.closes.get());

      assertTrue(Remoting.release(again));
      assertEquals(1, leases(started).released(), "the newest reference's release ends it");
      assertEquals(1, shop.shared.closes.get());
    } finally {
      letReleaseIn.countDown();
    }
  }

  private static String addToSharedCartAndDrop(Shop remoteShop) {
    Cart cart = remoteShop.sharedCart();
    cart.add("apple");
    return Remoting.objectId(cart);
  }

  /** Waits until the server has completed {@code count} calls of the method (bounded). */
  private static void awaitCalls(MeterRegistry meters, String service, String method, long count)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      Timer calls =
          meters.find("remoting.server.calls").tag("service", service).tag("method", method)
              .timer();
      if (calls != null && calls.count() >= count) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(service + "/" + method + " did not complete " + count + " calls");
      }
      Thread.sleep(5); // polling for the server to finish a call, not waiting out a time
    }
  }

  @Test
  void tenThousandHeldObjectsCostOneRenewCallPerInterval() throws Exception {
    RemotingCleanup.Started started = start(Transport.NETTY);
    RemotingClient client = client(started, clock);
    List<Cart> carts = client.lookup(Shop.class).newCarts(10_000);
    assertEquals(10_000, client.leasedObjects());

    for (int interval = 1; interval <= 6; interval++) { // three lease periods
      clock.advance(LEASE.dividedBy(2));
      assertEquals(interval, leases(started).renewCalls(), "renew calls after " + interval);
    }

    LeaseStats stats = leases(started);
    assertEquals(10_000, stats.active(), "all alive");
    assertEquals(60_000, stats.leasesRenewed());
    assertEquals("customer-9999", carts.get(9_999).customer());
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void closingTheClientReleasesEveryObjectItHolds(Transport transport) throws Exception {
    RemotingCleanup.Started started = start(transport);
    RemotingClient client = client(started, clock);
    List<Cart> carts = client.lookup(Shop.class).newCarts(3);
    client.close();
    assertEquals(3, leases(started).released());
    assertEquals(0, leases(started).active());
    assertEquals(3, carts.size());
  }

  /**
   * Known limitation, not fixed: a fire-and-forget call ends when handed to the transport, so it
   * does not hold its proxy's lease; if the caller drops the proxy, the collector may release the
   * object while the call still waits in the server's queue for that object, and the call is
   * dropped (NOT_FOUND, logged at DEBUG).
   */
  @org.junit.jupiter.api.Disabled("fire-and-forget calls do not hold their proxy's lease")
  @ParameterizedTest
  @EnumSource(Transport.class)
  void aFireAndForgetCallStillQueuedWhenItsProxyIsCollectedRuns(Transport transport)
      throws Exception {
    RemotingCleanup.Started started = start(transport);
    Shop remoteShop = client(started, clock).lookup(Shop.class);
    shop.onAdd = item -> {
      if (item.equals("slow")) { // runs until the cart is released, or for two seconds
        try {
          collectGarbageUntil(() -> leases(started).released() > 0, Duration.ofSeconds(2));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };

    sendTwoAndDrop(remoteShop.newCart("ann"));
    collectGarbageUntil(() -> shop.created.get(0).items.size() == 2, Duration.ofSeconds(4));

    assertEquals(List.of("slow", "after"), shop.created.get(0).items);
  }

  private static void sendTwoAndDrop(Cart cart) {
    Invocations.fireAndForget(cart, c -> c.add("slow"));
    Invocations.fireAndForget(cart, c -> c.add("after"));
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void closingTheClientRunsTheFireAndForgetCallsSentBeforeReleasing(Transport transport)
      throws Exception {
    RemotingCleanup.Started started = start(transport);
    RemotingClient client = client(started, clock);
    Cart cart = client.lookup(Shop.class).newCart("ann");
    shop.onAdd = item -> {
      if (item.equals("slow")) { // runs until the cart is released, or for a second
        try {
          collectGarbageUntil(() -> leases(started).released() > 0, Duration.ofSeconds(1));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    Invocations.fireAndForget(cart, c -> c.add("slow"));
    Invocations.fireAndForget(cart, c -> c.add("after"));

    client.close(); // "calls in flight get up to 5 seconds to finish"

    assertEquals(List.of("slow", "after"), shop.created.get(0).items);
    assertEquals(1, leases(started).released(), "released after its calls ran");
  }

  @Test
  void aLocalObjectCannotBePassedByReference() throws Exception {
    RemotingCleanup.Started started = start(Transport.NETTY);
    Shop remoteShop = client(started, clock).lookup(Shop.class);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class,
            () -> remoteShop.itemsIn(new CartServant("local")));
    assertTrue(e.getMessage().contains("must be a proxy from a RemotingClient"), e.getMessage());
    assertEquals("ann", remoteShop.newCart("ann").customer(), "the client still works");
  }

  @Test
  void aReferencedInterfaceMustBeLeased() {
    InvalidConfigurationException e =
        assertThrows(InvalidConfigurationException.class,
            () -> RemotingServer.builder()
                .inProcess("leased-config")
                .config(ConfigFactory.parseString(
                    "remoting.servants.\"test.Cart\".lifecycle = pooled"))
                .export(Shop.class, ShopServant.class)
                .build());
    assertTrue(e.getMessage().contains("remoting.servants.\"test.Cart\".lifecycle = \"pooled\""),
        e.getMessage());
    assertTrue(e.getMessage().contains("expected leased"), e.getMessage());

    IllegalArgumentException exported =
        assertThrows(IllegalArgumentException.class,
            () -> RemotingServer.builder()
                .inProcess("leased-export")
                .export(Shop.class, ShopServant.class)
                .export(Cart.class, CartServant.class, () -> new CartServant("x"))
                .build());
    assertTrue(exported.getMessage().contains("return its objects by reference"),
        exported.getMessage());
  }

  @Test
  void badLeaseValuesAreRejectedWithTheirKey() {
    InvalidConfigurationException e =
        assertThrows(InvalidConfigurationException.class,
            () -> RemotingServer.builder()
                .inProcess("leased-bad")
                .config(ConfigFactory.parseString(
                    "remoting.servants.\"test.Cart\".lease { duration = 1m, max-duration = 30s }"))
                .export(Shop.class, ShopServant.class)
                .build());
    assertTrue(
        e.getMessage().contains("remoting.servants.\"test.Cart\".lease.max-duration = \"30s\""),
        e.getMessage());
    assertTrue(e.getMessage().contains(
        "expected a duration >= remoting.servants.\"test.Cart\".lease.duration = \"1m\""),
        e.getMessage());

    for (String config : List.of(
        "remoting.servants.\"test.Cart\".lease.max-per-client = 0",
        "remoting.servant-defaults.lease.max-per-client = many")) {
      InvalidConfigurationException limit =
          assertThrows(InvalidConfigurationException.class,
              () -> RemotingServer.builder()
                  .inProcess("leased-bad")
                  .config(ConfigFactory.parseString(config))
                  .export(Shop.class, ShopServant.class)
                  .build());
      assertTrue(limit.getMessage().contains("lease.max-per-client"), limit.getMessage());
      assertTrue(limit.getMessage().contains("an integer >= 1"), limit.getMessage());
    }
  }
}
