package org.remoting.runtime.internal.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.Reference;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.remoting.lifecycle.lease.LeaseGrant;
import org.remoting.lifecycle.lease.LeaseManager;
import org.remoting.lifecycle.lease.LeasePolicy;
import org.remoting.testing.FakeClock;

/** The client's renewal schedule against a real lease manager, on one fake clock. */
class ClientLeasesTest {
  private static final String CART = "test.Cart";
  private static final Duration LEASE = Duration.ofSeconds(10);

  private final FakeClock clock = new FakeClock();
  private final LeaseManager<Object> manager =
      new LeaseManager<>(
          CART, new LeasePolicy(LEASE, Duration.ofMinutes(1), Duration.ofMinutes(10)), clock,
          clock);
  private final LeaseServiceServant server =
      new LeaseServiceServant(
          Map.of(CART, new org.remoting.runtime.internal.server.LeasedRegistry(manager, 10_000)));
  private final AtomicInteger renewalsToFail = new AtomicInteger();
  private final AtomicInteger renewCalls = new AtomicInteger();
  private final List<LeaseGroup> released = new CopyOnWriteArrayList<>();
  /** Runs in the next renewal call, before it fails or succeeds: another thread's work. */
  private volatile Runnable duringRenewal = () -> { };

  /** The lease service as the client reaches it: a renewal may fail, like a network blip. */
  private final LeaseService flaky =
      new LeaseService() {
        @Override
        public RenewReply renew(List<LeaseGroup> groups, Duration duration) {
          renewCalls.incrementAndGet();
          Runnable during = duringRenewal;
          duringRenewal = () -> { };
          during.run();
          if (renewalsToFail.getAndDecrement() > 0) {
            throw new org.remoting.ServerUnreachableException("connection reset");
          }
          return server.renew(groups, duration);
        }

        @Override
        public void release(List<LeaseGroup> groups) {
          server.release(groups);
          released.addAll(groups); // after the server: a test that sees it sees the outcome
        }

        @Override
        public Optional<Duration> remaining(String service, String objectId) {
          return server.remaining(service, objectId);
        }
      };

  private final ClientLeases leases =
      new ClientLeases("test", deadline -> flaky, clock, clock, Runnable::run);

  @Test
  void oneFailedRenewalDoesNotLoseTheObjects() {
    LeaseToken token = hold(leases, manager.export(new Object()));
    renewalsToFail.set(1);

    clock.advance(LEASE.multipliedBy(3));

    assertEquals(1, manager.stats().active(), "the object outlived one failed renewal");
    assertEquals(0, manager.stats().expired());
    assertEquals(1, leases.size());
    Reference.reachabilityFence(token);
  }

  @Test
  void aFailedRenewalIsRetriedSoonEvenIfAnObjectArrivedDuringIt() {
    LeaseToken token = hold(leases, manager.export(new Object()));
    LeaseToken[] arrived = new LeaseToken[1];
    duringRenewal = () -> arrived[0] = hold(leases, manager.export(new Object()));
    renewalsToFail.set(1);

    clock.advance(LEASE.multipliedBy(3));

    assertEquals(2, manager.stats().active(), "both objects outlived the failed renewal");
    Reference.reachabilityFence(token);
    Reference.reachabilityFence(arrived);
  }

  @Test
  void aRenewalMayTakeAtMostHalfItsIntervalSoItsRetryComesInTime() {
    List<Duration> deadlines = new CopyOnWriteArrayList<>();
    ClientLeases bounded =
        new ClientLeases("test", deadline -> {
          deadlines.add(deadline);
          return flaky;
        }, clock, clock, Runnable::run);
    LeaseToken token = hold(bounded, manager.export(new Object()));

    clock.advance(LEASE.dividedBy(2));

    assertEquals(List.of(LEASE.dividedBy(4)), deadlines, "renew deadline: interval / 2");
    Reference.reachabilityFence(token);
  }

  @Test
  void largeHoldingsAreRenewedInCallsOfAtMostMaxIdsEach() {
    List<LeaseGroup> groups = List.of(
        new LeaseGroup("a.A", IntStream.range(0, 150_000).mapToObj(i -> "a" + i).toList()),
        new LeaseGroup("b.B", IntStream.range(0, 60_000).mapToObj(i -> "b" + i).toList()));

    List<List<LeaseGroup>> batches = ClientLeases.batches(groups);

    assertEquals(3, batches.size());
    assertEquals(List.of(100_000), sizes(batches.get(0)));
    assertEquals(List.of(50_000, 50_000), sizes(batches.get(1)));
    assertEquals(List.of(10_000), sizes(batches.get(2)));
    assertEquals("b.B", batches.get(2).get(0).service());
    assertEquals(List.of(), batches.get(1).get(0).grants(), "a renewal has no grants");
    assertEquals(List.of(List.of(List.of("x"))),
        ClientLeases.batches(List.of(new LeaseGroup("x.X", List.of("x")))).stream()
            .map(b -> b.stream().map(LeaseGroup::objectIds).toList()).toList());
  }

  @Test
  void aReleaseSplitIntoBatchesKeepsEachIdWithItsGrant() {
    List<String> ids = IntStream.range(0, 150_000).mapToObj(i -> "a" + i).toList();
    List<Long> grants = LongStream.range(0, 150_000).boxed().toList();

    List<List<LeaseGroup>> batches = ClientLeases.batches(List.of(new LeaseGroup("a.A", ids, grants)));

    assertEquals(2, batches.size());
    LeaseGroup second = batches.get(1).get(0);
    assertEquals(50_000, second.grants().size());
    assertEquals("a100000", second.objectIds().get(0));
    assertEquals(100_000L, second.grants().get(0));
  }

  private static List<Integer> sizes(List<LeaseGroup> batch) {
    return batch.stream().map(g -> g.objectIds().size()).toList();
  }

  @Test
  void renewalsAreBatchedEveryHalfLeaseWhileAllGoesWell() {
    LeaseToken a = hold(leases, manager.export(new Object()));
    LeaseToken b = hold(leases, manager.export(new Object()));

    clock.advance(LEASE.multipliedBy(3));

    assertEquals(6, renewCalls.get(), "one call for both objects every lease / 2");
    assertEquals(2, manager.stats().active());
    Reference.reachabilityFence(a);
    Reference.reachabilityFence(b);
  }

  /** An object received again while held keeps the highest grant, whatever the order. */
  @Test
  void anExplicitReleaseSendsTheHighestGrantReceived() {
    Object shared = new Object();
    LeaseGrant first = manager.export(shared);
    LeaseToken token = hold(leases, first);
    LeaseGrant second = manager.export(shared);
    LeaseGrant third = manager.export(shared);
    assertSame(token, hold(leases, third), "one object, one token");
    assertSame(token, hold(leases, second), "a reply that overtook another");

    assertTrue(token.release());

    assertEquals(
        List.of(new LeaseGroup(CART, List.of(first.id()), List.of(third.number()))), released);
    assertEquals(1, manager.stats().released(), "grant 3, the latest, ended the object");
    assertEquals(0, manager.stats().active());
  }

  @Test
  void closingReleasesEveryObjectWithItsGrant() {
    Object shared = new Object();
    LeaseToken a = hold(leases, manager.export(shared));
    LeaseGrant other = manager.export(new Object());
    LeaseToken b = hold(leases, other);
    LeaseGrant again = manager.export(shared);
    hold(leases, again);

    leases.close();

    assertEquals(1, released.size(), "one call");
    LeaseGroup group = released.get(0);
    Map<String, Long> grants = new HashMap<>();
    for (int i = 0; i < group.objectIds().size(); i++) {
      grants.put(group.objectIds().get(i), group.grants().get(i));
    }
    assertEquals(Map.of(again.id(), 2L, other.id(), 1L), grants);
    assertEquals(0, manager.stats().active(), "both ended");
    Reference.reachabilityFence(a);
    Reference.reachabilityFence(b);
  }

  /**
   * A proxy that was garbage collected is released with the highest grant its token received:
   * with an older one, the server would keep the object alive.
   */
  @Test
  void aCollectedTokenIsReleasedWithTheHighestGrantItReceived() throws Exception {
    Object shared = new Object();
    holdTwiceAndDrop(leases, shared);
    awaitCollected(() -> !released.isEmpty());

    assertEquals(List.of(new LeaseGroup(CART, released.get(0).objectIds(), List.of(2L))), released);
    assertEquals(1, manager.stats().released());
    assertEquals(0, manager.stats().active());
  }

  /**
   * A reply that an older one overtook arrives after the newer proxy was collected but before its
   * release was sent: the new token takes over the collected one's higher grant, so its release
   * still ends the object.
   */
  @Test
  void aReferenceReceivedBeforeACollectedTokensReleaseTakesOverItsGrant() throws Exception {
    List<Runnable> releasesToSend = new CopyOnWriteArrayList<>();
    ClientLeases client =
        new ClientLeases("test", deadline -> flaky, clock, clock, releasesToSend::add);
    Object shared = new Object();
    LeaseGrant overtaken = manager.export(shared); // grant 1, its reply late
    holdTwiceAndDrop(client, shared); // grants 2 and 3, then the proxy is collected
    awaitCollected(() -> !releasesToSend.isEmpty());

    LeaseToken late = hold(client, overtaken);
    releasesToSend.forEach(Runnable::run); // finds the object held again: no release
    assertTrue(released.isEmpty());
    assertTrue(late.release());

    assertEquals(List.of(3L), released.get(0).grants(), "the highest grant received");
    assertEquals(1, manager.stats().released(), "so the release ended the object");
  }

  private void holdTwiceAndDrop(ClientLeases client, Object servant) {
    LeaseToken token = hold(client, manager.export(servant));
    assertSame(token, hold(client, manager.export(servant)));
  }

  /**
   * Decision 21's race: a servant returned again while live keeps its id, so a reference to it
   * can arrive while the release of the client's previous, collected proxy of it is in flight.
   * That release names an older grant than the reference just received, so the server ignores it
   * and the object stays alive for its new proxy, until that one is released in turn.
   */
  @Test
  void anObjectReceivedAgainWhileItsReleaseIsInFlightStaysAlive() throws Exception {
    CountDownLatch releaseSent = new CountDownLatch(1);
    CountDownLatch releaseArrives = new CountDownLatch(1);
    LeaseService slowRelease =
        new LeaseService() {
          @Override
          public RenewReply renew(List<LeaseGroup> groups, Duration duration) {
            return server.renew(groups, duration);
          }

          @Override
          public void release(List<LeaseGroup> groups) {
            releaseSent.countDown();
            try {
              releaseArrives.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            server.release(groups);
          }

          @Override
          public Optional<Duration> remaining(String service, String objectId) {
            return server.remaining(service, objectId);
          }
        };
    ExecutorService releaser = Executors.newSingleThreadExecutor();
    try {
      ClientLeases client = new ClientLeases("test", deadline -> slowRelease, clock, clock, releaser);
      Object shared = new Object();
      LeaseGrant first = manager.export(shared);
      holdAndDrop(client, first);
      awaitCollected(() -> releaseSent.getCount() == 0);
      assertEquals(0, releaseSent.getCount(), "the dropped token was collected and released");

      LeaseGrant second = manager.export(shared); // the server returns it again
      assertEquals(first.id(), second.id(), "the same object");
      LeaseToken again = hold(client, second); // the client receives it
      releaseArrives.countDown();
      releaser.shutdown();
      assertTrue(releaser.awaitTermination(10, TimeUnit.SECONDS), "the old release arrived");

      assertEquals(1, manager.stats().active(), "the object the client holds again is alive");
      assertEquals(0, manager.stats().released());
      assertEquals(Optional.of(LEASE), manager.remaining(first.id()));
      clock.advance(LEASE.multipliedBy(3));
      assertEquals(1, manager.stats().active(), "and its new token renews it");

      assertTrue(again.release());
      assertEquals(1, manager.stats().released(), "the new token's release ends it");
      assertEquals(0, manager.stats().active());
    } finally {
      releaseArrives.countDown();
      releaser.shutdownNow();
    }
  }

  private static void holdAndDrop(ClientLeases client, LeaseGrant grant) {
    hold(client, grant);
  }

  private static LeaseToken hold(ClientLeases client, LeaseGrant grant) {
    return client.hold(CART, grant.id(), LEASE, grant.number());
  }

  /** Runs the garbage collector until {@code done}, for at most 10 s. */
  private static void awaitCollected(BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(20); // waiting for the collector, not for time-based behaviour
    }
  }
}
