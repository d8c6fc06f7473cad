package org.remoting.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.remoting.DeadlineExceededException;

/**
 * A deadline set by the first caller holds along a chain of servers: A's servant calls B, whose
 * servant calls C, whose servant calls D, each call made inside the one it serves. The deadline
 * travels with each call, so when it passes the hops still running cannot start more work.
 */
class DeadlinePropagationIntegrationTest {
  @RegisterExtension final RemotingCleanup cleanup = new RemotingCleanup();

  /** Starts a hop server over Netty whose servant relays to {@code next}. */
  private RemotingCleanup.Started startHop(Hop next, String lifecycle, HopServant[] servant)
      throws Exception {
    return cleanup.start(
        Transport.NETTY,
        b ->
            b.config(ConfigFactory.parseString(
                    "remoting.servants.\"test.Hop\" { lifecycle = " + lifecycle
                        + ", pool { min = 0, max = 2 } }"))
                .export(Hop.class, HopServant.class, () -> {
                  HopServant s = new HopServant(next);
                  servant[0] = s;
                  return s;
                }));
  }

  @Test
  void aChainUnderA200msDeadlineIsCancelledAtTheFarEndAndStartsNoLateWork() throws Exception {
    HopServant[] d = new HopServant[1];
    HopServant[] c = new HopServant[1];
    HopServant[] b = new HopServant[1];
    HopServant[] a = new HopServant[1];
    RemotingCleanup.Started serverD = startHop(null, "static", d);
    RemotingCleanup.Started serverC =
        startHop(cleanup.client(serverD).lookup(Hop.class), "static", c);
    RemotingCleanup.Started serverB =
        startHop(cleanup.client(serverC).lookup(Hop.class), "per-request", b);
    RemotingCleanup.Started serverA =
        startHop(cleanup.client(serverB).lookup(Hop.class), "pooled", a);
    Hop first = cleanup.client(serverA).lookup(Hop.class);
    assertEquals(4, first.relay(0), "the chain works without a deadline problem");
    assertEquals(1, d[0].calls.get());

    Hop hurried = Remoting.withDeadline(first, Duration.ofMillis(200));
    long start = System.nanoTime();
    // Each hop sleeps 80 ms before relaying: B calls C at ~160 ms, C calls D at ~240 ms.
    assertThrows(DeadlineExceededException.class, () -> hurried.relay(80));
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(elapsedMillis < 1_000, "the caller gave up at its deadline: " + elapsedMillis);

    // A's servant is still sleeping when the caller gives up; when it relays, the call fails,
    // as do all the relays after the deadline down the chain (C's to D at ~240 ms, or earlier
    // ones on a slow machine): D, reachable only after the deadline, runs nothing.
    waitUntil(() -> a[0].relayFailures.get() == 1, "A's relay failed");
    assertEquals(1, d[0].calls.get(), "no work at D after the deadline");
    assertTrue(c[0].relayFailures.get() <= 1 && b[0].relayFailures.get() <= 1);
    // Pooled and per-request instances were released: counts back to where they started.
    waitUntil(() -> serverA.server().stats("test.Hop").inUse() == 0, "A's pool is idle");
    waitUntil(() -> serverB.server().stats("test.Hop").inUse() == 0, "B's instance is closed");
    assertEquals(4, first.relay(0), "the chain still works");
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(5); // the chain's own sleeps are real time: it is a deadline test
    }
  }
}
