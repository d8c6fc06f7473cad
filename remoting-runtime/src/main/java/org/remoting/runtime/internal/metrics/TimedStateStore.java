package org.remoting.runtime.internal.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.remoting.lifecycle.store.StateStore;

/**
 * A {@link StateStore} decorator that times the loads and saves of one service ({@value
 * ServerMetrics#STATE_STORE}), in the registry's clock: real time, whatever ticker the
 * passivation manager runs on. Deletes and {@link #close()} pass through; closing is left to
 * the store's owner.
 */
final class TimedStateStore implements StateStore {
  private static final int LOAD = 0;
  private static final int SAVE = 1;

  private final ServerMetrics metrics;
  private final String service;
  private final StateStore store;
  private final Clock clock;
  private final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>(4);

  TimedStateStore(ServerMetrics metrics, String service, StateStore store) {
    this.metrics = metrics;
    this.service = service;
    this.store = store;
    this.clock = metrics.clock();
  }

  @Override
  public Optional<byte[]> load(String service, String objectId) {
    long start = clock.monotonicTime();
    boolean ok = false;
    try {
      Optional<byte[]> state = store.load(service, objectId);
      ok = true;
      return state;
    } finally {
      record(LOAD, ok, start);
    }
  }

  @Override
  public void save(String service, String objectId, byte[] state) {
    long start = clock.monotonicTime();
    boolean ok = false;
    try {
      store.save(service, objectId, state);
      ok = true;
    } finally {
      record(SAVE, ok, start);
    }
  }

  @Override
  public void delete(String service, String objectId) {
    store.delete(service, objectId);
  }

  @Override
  public void close() {
    // The store is shared by the services of one directory, and closed by its owner.
  }

  private void record(int operation, boolean ok, long start) {
    int index = operation * 2 + (ok ? 0 : 1);
    Timer timer = timers.get(index);
    if (timer == null) {
      timer =
          metrics.timer(
              ServerMetrics.STATE_STORE,
              Tags.of(
                  "service", service,
                  "operation", operation == LOAD ? "load" : "save",
                  "outcome", ok ? ServerMetrics.OK : ServerMetrics.ERROR),
              "state store loads and saves of passivated objects");
      timers.set(index, timer);
    }
    timer.record(clock.monotonicTime() - start, TimeUnit.NANOSECONDS);
  }

  @Override
  public String toString() {
    return "Timed[" + store + "]";
  }
}
