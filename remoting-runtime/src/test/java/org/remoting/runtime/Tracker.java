package org.remoting.runtime;

import java.util.concurrent.atomic.AtomicInteger;

/** What the servants of one test did: instances created and closed, calls at once, resets. */
final class Tracker {
  final AtomicInteger created = new AtomicInteger();
  final AtomicInteger closed = new AtomicInteger();
  final AtomicInteger resets = new AtomicInteger();
  final AtomicInteger active = new AtomicInteger();
  final AtomicInteger maxActive = new AtomicInteger();
  final AtomicInteger completed = new AtomicInteger();

  void enter() {
    maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
  }

  void exit() {
    active.decrementAndGet();
    completed.incrementAndGet();
  }
}
