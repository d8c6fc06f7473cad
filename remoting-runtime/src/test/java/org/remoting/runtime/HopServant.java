package org.remoting.runtime;

import java.util.concurrent.atomic.AtomicInteger;

/** Sleeps, then relays to the next hop; the last hop only counts. */
final class HopServant implements Hop {
  private final Hop next; // null at the last hop
  final AtomicInteger calls = new AtomicInteger();
  final AtomicInteger relayFailures = new AtomicInteger();

  HopServant(Hop next) {
    this.next = next;
  }

  @Override
  public int relay(long delayMillis) {
    calls.incrementAndGet();
    if (next == null) {
      return 1;
    }
    try {
      Thread.sleep(delayMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      return next.relay(delayMillis) + 1;
    } catch (RuntimeException e) {
      relayFailures.incrementAndGet();
      throw e;
    }
  }
}
