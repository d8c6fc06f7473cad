package org.remoting.runtime.internal.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.ref.Reference;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
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
  private final LeaseServiceServant server = new LeaseServiceServant(Map.of(CART, manager));
  private final AtomicInteger renewalsToFail = new AtomicInteger();
  private final AtomicInteger renewCalls = new AtomicInteger();

  /** The lease service as the client reaches it: a renewal may fail, like a network blip. */
  private final LeaseService flaky =
      new LeaseService() {
        @Override
        public RenewReply renew(List<LeaseGroup> groups, Duration duration) {
          renewCalls.incrementAndGet();
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
      new ClientLeases("test", () -> flaky, clock, clock, Runnable::run);

  @Test
  void oneFailedRenewalDoesNotLoseTheObjects() {
    String id = manager.export(new Object());
    LeaseToken token = leases.hold(CART, id, LEASE);
    renewalsToFail.set(1);

    clock.advance(LEASE.multipliedBy(3));

    assertEquals(1, manager.stats().active(), "the object outlived one failed renewal");
    assertEquals(0, manager.stats().expired());
    assertEquals(1, leases.size());
    Reference.reachabilityFence(token);
  }

  @Test
  void renewalsAreBatchedEveryHalfLeaseWhileAllGoesWell() {
    LeaseToken a = leases.hold(CART, manager.export(new Object()), LEASE);
    LeaseToken b = leases.hold(CART, manager.export(new Object()), LEASE);

    clock.advance(LEASE.multipliedBy(3));

    assertEquals(6, renewCalls.get(), "one call for both objects every lease / 2");
    assertEquals(2, manager.stats().active());
    Reference.reachabilityFence(a);
    Reference.reachabilityFence(b);
  }
}
