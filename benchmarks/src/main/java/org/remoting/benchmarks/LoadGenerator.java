package org.remoting.benchmarks;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A closed-loop load generator: {@code concurrency} threads, each making one call after another
 * with no pause, first for a warm-up (not measured), then for the measurement window.
 *
 * <p>Every thread records the latency of each successful call it started inside the window into
 * its own {@link Histogram} (no sharing, no locks on the hot path); the histograms are merged once
 * the threads have stopped. Because the loop is closed (a thread issues its next call only when
 * the previous one returned, and there is no intended schedule of send times), there is no
 * schedule for a slow call to delay, so no coordinated-omission correction applies: the
 * histogram is the latency of the calls actually made, and calls/s is the throughput those
 * threads achieved. A call that starts inside the window and ends after it is still counted;
 * with at most one such call per thread this is negligible against the window.
 *
 * <p>A non-zero window lasts at least {@code measure}, and on until some call started in it has
 * completed (at most {@value #STOP_GRACE_MILLIS} ms more), so that every cell has a measurement.
 * Calls/s is computed over the window's actual length. This matters only for very short windows:
 * a fire-and-forget sender that outruns the server is held back by HTTP/2 flow control, and its
 * threads then all wait together until the server has consumed half the window, up to a few
 * hundred milliseconds on a cold JVM, longer than a smoke test's window.
 *
 * <p>A call that throws, or returns a wrong result, counts as an error (in warm-up too) and is
 * not recorded in the histogram. An {@link Error} also stops its thread.
 *
 * <p>Not thread-safe: {@link #run} blocks its caller for warm-up + measurement.
 */
public final class LoadGenerator {
  private static final Logger log = LoggerFactory.getLogger(LoadGenerator.class);

  /** Latencies above this are clamped (and would show as 60 s): far beyond any deadline here. */
  private static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.SECONDS.toNanos(60);
  /** How long after the window a straggling call may take before its thread is abandoned. */
  private static final long STOP_GRACE_MILLIS = TimeUnit.SECONDS.toMillis(40);

  private static final int WARM_UP = 0;
  private static final int MEASURE = 1;
  private static final int STOP = 2;

  private LoadGenerator() {}

  /**
   * Runs {@code session}'s call from {@code concurrency} threads: {@code warmUp}, then {@code
   * measure}, and returns the merged measurement. A zero {@code measure} only warms up (the
   * result then has no calls, but counts errors).
   *
   * @throws IllegalArgumentException if {@code concurrency < 1} or a duration is negative
   * @throws InterruptedException if the calling thread is interrupted; the load threads are then
   *     told to stop
   */
  public static CellResult run(
      Scenario scenario,
      Scenario.Session session,
      int concurrency,
      Duration warmUp,
      Duration measure)
      throws InterruptedException {
    requireNonNull(scenario, "scenario");
    requireNonNull(session, "session");
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
    }
    if (warmUp.isNegative() || measure.isNegative()) {
      throw new IllegalArgumentException(
          "warm-up and measure must be >= 0, got " + warmUp + " and " + measure);
    }
    Phase phase = new Phase();
    CountDownLatch ready = new CountDownLatch(concurrency);
    List<Worker> workers = new ArrayList<>(concurrency);
    List<Thread> threads = new ArrayList<>(concurrency);
    for (int i = 0; i < concurrency; i++) {
      Worker worker = new Worker(session, phase, ready);
      Thread thread = new Thread(worker, "bench-client-" + i);
      thread.setDaemon(true);
      workers.add(worker);
      threads.add(thread);
    }
    threads.forEach(Thread::start);
    long measureStart;
    long measureEnd;
    try {
      ready.await();
      TimeUnit.NANOSECONDS.sleep(warmUp.toNanos());
      measureStart = System.nanoTime();
      phase.value = MEASURE;
      TimeUnit.NANOSECONDS.sleep(measure.toNanos());
      long extendUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_GRACE_MILLIS);
      while (!measure.isZero() && !phase.measuredACall && System.nanoTime() - extendUntil < 0) {
        TimeUnit.MILLISECONDS.sleep(1);
      }
    } finally {
      phase.value = STOP;
    }
    measureEnd = System.nanoTime();

    Histogram latency = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
    long calls = 0;
    long errors = 0;
    String firstError = null;
    for (int i = 0; i < concurrency; i++) {
      Thread thread = threads.get(i);
      thread.join(STOP_GRACE_MILLIS);
      if (thread.isAlive()) {
        thread.interrupt();
        errors++;
        firstError =
            firstError != null
                ? firstError
                : thread.getName() + " still in a call " + STOP_GRACE_MILLIS + " ms after the end";
        continue;
      }
      Worker worker = workers.get(i);
      latency.add(worker.latency);
      calls += worker.calls;
      errors += worker.errors;
      if (firstError == null && worker.firstError != null) {
        firstError = worker.firstError.toString();
        log.warn(
            "{} {}, {} threads: call failed",
            scenario.name(),
            scenario.workload().label(),
            concurrency,
            worker.firstError);
      }
    }
    return new CellResult(
        scenario.name(),
        scenario.workload(),
        concurrency,
        calls,
        errors,
        measureEnd - measureStart,
        latency,
        firstError,
        session.servantInstances());
  }

  private static final class Phase {
    volatile int value = WARM_UP;
    /** Set by a worker once it has completed a call started in the window. */
    volatile boolean measuredACall;
  }

  /** One client thread. Its fields are read by the coordinator only after joining it. */
  private static final class Worker implements Runnable {
    private final Scenario.Session session;
    private final Phase phase;
    private final CountDownLatch ready;
    final Histogram latency = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
    long calls;
    long errors;
    Throwable firstError;

    Worker(Scenario.Session session, Phase phase, CountDownLatch ready) {
      this.session = session;
      this.phase = phase;
      this.ready = ready;
    }

    @Override
    public void run() {
      Scenario.Call call;
      try {
        call = session.newCall();
      } catch (RuntimeException e) {
        fail(e);
        return;
      } finally {
        ready.countDown();
      }
      int sequence = 0;
      int current;
      while ((current = phase.value) != STOP) {
        long start = System.nanoTime();
        try {
          call.invoke(sequence++);
        } catch (Exception e) {
          fail(e);
          continue;
        } catch (Error e) {
          fail(e);
          return;
        }
        if (current == MEASURE) {
          latency.recordValue(Math.min(System.nanoTime() - start, HIGHEST_TRACKABLE_NANOS));
          if (calls++ == 0) {
            phase.measuredACall = true;
          }
        }
      }
    }

    private void fail(Throwable e) {
      errors++;
      if (firstError == null) {
        firstError = e;
      }
    }
  }
}
