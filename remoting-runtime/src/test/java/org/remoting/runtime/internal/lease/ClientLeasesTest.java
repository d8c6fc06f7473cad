package org.remoting.runtime.internal.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.ref.Reference;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
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
    String id = manager.export(new Object()).id();
    LeaseToken token = leases.hold(CART, id, LEASE);
    renewalsToFail.set(1);

    clock.advance(LEASE.multipliedBy(3));

    assertEquals(1, manager.stats().active(), "the object outlived one failed renewal");
    assertEquals(0, manager.stats().expired());
    assertEquals(1, leases.size());
    Reference.reachabilityFence(token);
  }

  @Test
  void aFailedRenewalIsRetriedSoonEvenIfAnObjectArrivedDuringIt() {
    String id = manager.export(new Object()).id();
    LeaseToken token = leases.hold(CART, id, LEASE);
    LeaseToken[] arrived = new LeaseToken[1];
    duringRenewal = () -> arrived[0] = leases.hold(CART, manager.export(new Object()).id(), LEASE);
    renewalsToFail.set(1);

    clock.advance(LEASE.multipliedBy(3));

    assertEquals(2, manager.stats().active(), "both objects outlived the failed renewal");
    Reference.reachabilityFence(token);
    Reference.reachabilityFence(arrived);
  }

  @Test
  void aRenewalMayTakeAtMostHalfItsIntervalSoItsRetryComesInTime() {
    List<Duration> deadlines = new java.util.concurrent.CopyOnWriteArrayList<>();
    ClientLeases bounded =
        new ClientLeases("test", deadline -> {
          deadlines.add(deadline);
          return flaky;
        }, clock, clock, Runnable::run);
    LeaseToken token = bounded.hold(CART, manager.export(new Object()).id(), LEASE);

    clock.advance(LEASE.dividedBy(2));

    assertEquals(List.of(LEASE.dividedBy(4)), deadlines, "renew deadline: interval / 2");
    Reference.reachabilityFence(token);
  }

  @Test
  void largeHoldingsAreRenewedInCallsOfAtMostMaxIdsEach() {
    Map<String, List<String>> groups = new java.util.LinkedHashMap<>();
    groups.put("a.A", java.util.stream.IntStream.range(0, 150_000).mapToObj(i -> "a" + i).toList());
    groups.put("b.B", java.util.stream.IntStream.range(0, 60_000).mapToObj(i -> "b" + i).toList());

    List<List<LeaseGroup>> batches = ClientLeases.batches(groups);

    assertEquals(3, batches.size());
    assertEquals(List.of(100_000), sizes(batches.get(0)));
    assertEquals(List.of(50_000, 50_000), sizes(batches.get(1)));
    assertEquals(List.of(10_000), sizes(batches.get(2)));
    assertEquals("b.B", batches.get(2).get(0).service());
    assertEquals(List.of(List.of(List.of("x"))),
        ClientLeases.batches(Map.of("x.X", List.of("x"))).stream()
            .map(b -> b.stream().map(LeaseGroup::objectIds).toList()).toList());
  }

  private static List<Integer> sizes(List<LeaseGroup> batch) {
    return batch.stream().map(g -> g.objectIds().size()).toList();
  }

  @Test
  void renewalsAreBatchedEveryHalfLeaseWhileAllGoesWell() {
    LeaseToken a = leases.hold(CART, manager.export(new Object()).id(), LEASE);
    LeaseToken b = leases.hold(CART, manager.export(new Object()).id(), LEASE);

    clock.advance(LEASE.multipliedBy(3));

    assertEquals(6, renewCalls.get(), "one call for both objects every lease / 2");
    assertEquals(2, manager.stats().active());
    Reference.reachabilityFence(a);
    Reference.reachabilityFence(b);
  }

  /**
   * Known race, not fixed (it needs the protocol to tell releases of older references apart): a
   * servant returned again while live keeps its id, so a reference to it can arrive while the
   * release of the client's previous, collected proxy of it is in flight; the release then ends
   * the object the client has just received.
   */
  @Disabled("a release in flight ends an object received again meanwhile")
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
      String id = manager.export(shared).id();
      holdAndDrop(client, id);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (releaseSent.getCount() > 0 && System.nanoTime() < deadline) {
        System.gc();
        Thread.sleep(20); // waiting for the collector
      }
      assertEquals(0, releaseSent.getCount(), "the dropped token was collected and released");

      assertEquals(id, manager.export(shared).id(), "returned again, the same object"); // the server
      LeaseToken again = client.hold(CART, id, LEASE); // the client receives it
      releaseArrives.countDown();
      releaser.shutdown();
      releaser.awaitTermination(10, TimeUnit.SECONDS);

      assertEquals(1, manager.stats().active(), "the object the client holds again is alive");
      Reference.reachabilityFence(again);
    } finally {
      releaseArrives.countDown();
      releaser.shutdownNow();
    }
  }

  private static void holdAndDrop(ClientLeases client, String id) {
    client.hold(CART, id, LEASE);
  }
}
