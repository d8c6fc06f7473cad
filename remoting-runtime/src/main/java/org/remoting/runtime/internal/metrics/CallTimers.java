package org.remoting.runtime.internal.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.remoting.runtime.internal.wire.Failures.Kind;

/**
 * The {@value ServerMetrics#CALLS} timers of one remote method, one per style and outcome, each
 * registered on first use and then cached: recording a call builds no tags and looks nothing up.
 * {@link #NONE} records nothing and reads no clock. Thread-safe.
 */
public final class CallTimers {
  /** How a call reached the server. */
  public enum Style {
    /** A unary gRPC call: sync, poll object, result callback, future, or a foreign client. */
    UNARY("unary"),
    /** A call on the ordered one-way stream that the client does not wait for. */
    FIRE_AND_FORGET("fire-and-forget"),
    /** A call on the ordered one-way stream, acknowledged once accepted. */
    SYNC_WITH_SERVER("sync-with-server");

    private final String tag;

    Style(String tag) {
      this.tag = tag;
    }
  }

  private static final Style[] STYLES = Style.values();
  private static final Kind[] KINDS = Kind.values();
  private static final int OUTCOMES = KINDS.length + 1; // index 0: OK

  static final CallTimers NONE = new CallTimers(null, null, null);

  private final ServerMetrics metrics; // null for NONE
  private final Clock clock;
  private final Tags tags;
  private final AtomicReferenceArray<Timer> timers;

  CallTimers(ServerMetrics metrics, Clock clock, Tags tags) {
    this.metrics = metrics;
    this.clock = clock;
    this.tags = tags;
    this.timers = metrics == null ? null : new AtomicReferenceArray<>(STYLES.length * OUTCOMES);
  }

  /** When a call starts: pass the result to {@link #record}. Reads no clock for {@link #NONE}. */
  public long start() {
    return clock == null ? 0 : clock.monotonicTime();
  }

  /**
   * Records a call that began at {@code start} and has just ended.
   *
   * @param failure what went wrong, or {@code null} when the call succeeded
   */
  public void record(Style style, Kind failure, long start) {
    if (metrics == null) {
      return;
    }
    timer(style, failure).record(clock.monotonicTime() - start, TimeUnit.NANOSECONDS);
  }

  /** Registers the timer of successful unary calls, so it shows before the first call. */
  public void registerOk() {
    if (metrics != null) {
      timer(Style.UNARY, null);
    }
  }

  private Timer timer(Style style, Kind failure) {
    int index = style.ordinal() * OUTCOMES + (failure == null ? 0 : failure.ordinal() + 1);
    Timer timer = timers.get(index);
    if (timer == null) {
      // Racing threads register the same timer: the registry returns one instance per id.
      timer =
          metrics.timer(
              ServerMetrics.CALLS,
              tags.and("style", style.tag, "outcome", ServerMetrics.outcome(failure)),
              "calls of a remote method, from arrival to reply");
      timers.set(index, timer);
    }
    return timer;
  }
}
