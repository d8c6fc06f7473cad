package org.remoting.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;

/** What the servants of one test did: instances created and closed, calls at once, resets. */
final class Tracker {
  final AtomicInteger created = new AtomicInteger();
  final AtomicInteger closed = new AtomicInteger();
  final AtomicInteger resets = new AtomicInteger();
  final AtomicInteger active = new AtomicInteger();
  final AtomicInteger maxActive = new AtomicInteger();
  final AtomicInteger completed = new AtomicInteger();
  final AtomicInteger cancellationsSeen = new AtomicInteger();
  private final Map<Integer, CyclicBarrier> barriers = new ConcurrentHashMap<>();

  /** The barrier that {@code parties} concurrent calls meet at. */
  CyclicBarrier barrier(int parties) {
    return barriers.computeIfAbsent(parties, CyclicBarrier::new);
  }

  void enter() {
    maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
  }

  void exit() {
    active.decrementAndGet();
    completed.incrementAndGet();
  }
}
