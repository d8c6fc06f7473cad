package org.remoting.lifecycle.passivation;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.remoting.Passivatable;
import org.remoting.lifecycle.store.StateCodec;

/**
 * A passivatable counter servant, its state and codec, and a {@link Tracker} that records how a
 * manager treats the instances, failing on anything the passivated lifecycle forbids.
 */
final class Counters {
  static final String SERVICE = "demo.Counter";

  private Counters() {}

  /** The counter's state. */
  record CounterState(long value) {}

  /** Eight bytes, big-endian. */
  static final StateCodec<CounterState> CODEC =
      new StateCodec<>() {
        @Override
        public byte[] encode(CounterState state) {
          return ByteBuffer.allocate(Long.BYTES).putLong(state.value()).array();
        }

        @Override
        public CounterState decode(byte[] bytes) {
          if (bytes.length != Long.BYTES) {
            throw new IllegalArgumentException("a counter state has 8 bytes, got " + bytes.length);
          }
          return new CounterState(ByteBuffer.wrap(bytes).getLong());
        }
      };

  /** Shared by the counters of one test. */
  static final class Tracker {
    final Map<String, AtomicInteger> aliveById = new ConcurrentHashMap<>();
    final AtomicInteger alive = new AtomicInteger();
    final AtomicInteger maxAlive = new AtomicInteger();
    final AtomicInteger maxAliveOfOneId = new AtomicInteger();
    final AtomicLong constructed = new AtomicLong();
    final AtomicLong activated = new AtomicLong();
    final AtomicLong closed = new AtomicLong();
    final List<String> passivatedIds = new CopyOnWriteArrayList<>();
    final List<String> violations = new CopyOnWriteArrayList<>();

    /** Set by tests of failed passivations, after which the manager keeps using the instance. */
    volatile boolean reuseAfterPassivateAllowed;

    /** A factory of counters. */
    Function<String, Counter> counters() {
      return id -> new Counter(id, this);
    }

    void violation(String what) {
      violations.add(what);
    }

    /** Fails with every violation recorded so far. */
    void assertNoViolations() {
      if (!violations.isEmpty()) {
        throw new AssertionError(violations.size() + " violations, first: " + violations);
      }
    }
  }

  /** Thread-safe, as servants of the shared concurrency must be. */
  static class Counter implements Passivatable<CounterState>, AutoCloseable {
    final String id;
    private final Tracker tracker;
    private final AtomicLong value = new AtomicLong();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile boolean activated;
    private volatile boolean passivated;
    private volatile boolean closed;
    private volatile boolean used;

    Counter(String id, Tracker tracker) {
      this.id = id;
      this.tracker = tracker;
      tracker.constructed.incrementAndGet();
      int ofId = tracker.aliveById.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
      tracker.maxAliveOfOneId.accumulateAndGet(ofId, Math::max);
      if (ofId > 1) {
        tracker.violation(ofId + " live instances of " + id);
      }
      tracker.maxAlive.accumulateAndGet(tracker.alive.incrementAndGet(), Math::max);
    }

    long add(long delta) {
      enter("add");
      try {
        return value.addAndGet(delta);
      } finally {
        calls.decrementAndGet();
      }
    }

    long get() {
      enter("get");
      try {
        return value.get();
      } finally {
        calls.decrementAndGet();
      }
    }

    private void enter(String method) {
      calls.incrementAndGet();
      used = true;
      if (closed || (passivated && !tracker.reuseAfterPassivateAllowed)) {
        tracker.violation(method + " on a passivated or closed instance of " + id);
      }
    }

    boolean isPassivated() {
      return passivated;
    }

    boolean isClosed() {
      return closed;
    }

    @Override
    public CounterState passivate() {
      if (calls.get() != 0) {
        tracker.violation("passivate() of " + id + " with a call in flight");
      }
      if (closed || (passivated && !tracker.reuseAfterPassivateAllowed)) {
        tracker.violation("passivate() of " + id + " twice");
      }
      passivated = true;
      tracker.passivatedIds.add(id);
      return new CounterState(value.get());
    }

    @Override
    public void activate(CounterState state) {
      if (activated || used || passivated) {
        tracker.violation("activate() of " + id + " on an instance already used");
      }
      activated = true;
      tracker.activated.incrementAndGet();
      value.set(state.value());
    }

    @Override
    public void close() {
      if (closed) {
        tracker.violation("close() of " + id + " twice");
      }
      closed = true;
      tracker.closed.incrementAndGet();
      tracker.aliveById.get(id).decrementAndGet();
      tracker.alive.decrementAndGet();
    }
  }
}
