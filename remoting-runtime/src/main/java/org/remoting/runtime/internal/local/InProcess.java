package org.remoting.runtime.internal.local;

import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.remoting.runtime.internal.DaemonThreads;

/**
 * Builders of gRPC's in-process channels and servers that share one deadline timer, cheaper per
 * call than gRPC's default one.
 *
 * <p>Every call through a proxy has a deadline. gRPC schedules a timer task for it on the client
 * (and, for the deadline it passes on, on the server) and cancels it when the call ends. A task
 * that becomes the head of a {@link ScheduledThreadPoolExecutor}'s queue wakes the timer thread,
 * and with no other timers pending every call's task does, twice per call, which costs as much
 * as the rest of an in-process call. This timer keeps a no-op task due within a second at the
 * head of its queue, so that the task of a deadline further out never wakes the thread:
 * measured with grpc-java alone on 2 cores, 241k to 429k calls/s at 1 thread (543k without a
 * deadline). Cancelled tasks are removed at once, so ended calls leave nothing queued.
 *
 * <p>The timer is reference-counted, as gRPC's own is: each channel or server holds a {@link
 * Timer} and releases it once terminated, and the timer's thread ends with the last release, so
 * that no thread outlives the clients and servers of, say, a redeployed web application.
 */
public final class InProcess {
  private static final SharedTimer SHARED = new SharedTimer();

  private InProcess() {}

  /** A hold on the shared timer, for one channel or server; the first starts the timer. */
  public static Timer timer() {
    return SHARED.hold();
  }

  /** A channel to the in-process server {@code name}, with {@code timer}. */
  public static InProcessChannelBuilder channel(String name, Timer timer) {
    return InProcessChannelBuilder.forName(name).scheduledExecutorService(timer.executor);
  }

  /** An in-process server named {@code name}, with {@code timer}. */
  public static InProcessServerBuilder server(String name, Timer timer) {
    return InProcessServerBuilder.forName(name).scheduledExecutorService(timer.executor);
  }

  /** How many holds on the shared timer are not released: for tests. */
  static int holders() {
    return SHARED.holders();
  }

  /**
   * A reference-counted timer: the first {@link #hold} starts its thread, the last release ends
   * it. One instance serves the JVM; tests make their own.
   */
  static final class SharedTimer {
    private ScheduledThreadPoolExecutor executor; // guarded by this
    private int holders; // guarded by this

    synchronized Timer hold() {
      if (executor == null) {
        executor = create();
      }
      holders++;
      return new Timer(this, executor);
    }

    synchronized int holders() {
      return holders;
    }

    private synchronized void release() {
      if (--holders == 0) {
        executor.shutdown(); // cancels the sentinel and any deadline task left
        executor = null;
      }
    }

    private static ScheduledThreadPoolExecutor create() {
      ScheduledThreadPoolExecutor timer =
          new ScheduledThreadPoolExecutor(1, DaemonThreads.named("remoting-in-process-timer"));
      timer.setRemoveOnCancelPolicy(true);
      timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
      timer.scheduleAtFixedRate(() -> {}, 1, 1, TimeUnit.SECONDS); // the head of the queue
      return timer;
    }
  }

  /**
   * One channel's or server's hold on the shared timer. {@link #release} it once the channel or
   * server has terminated (or been shut down now): with the last hold the timer's thread ends,
   * and a later {@link InProcess#timer()} starts a new one. Thread-safe; releasing twice is a
   * no-op.
   */
  public static final class Timer {
    private final SharedTimer owner;
    private final ScheduledThreadPoolExecutor executor;
    private final java.util.concurrent.atomic.AtomicBoolean released =
        new java.util.concurrent.atomic.AtomicBoolean();

    private Timer(SharedTimer owner, ScheduledThreadPoolExecutor executor) {
      this.owner = owner;
      this.executor = executor;
    }

    /** The timer's executor, for a builder's {@code scheduledExecutorService}. */
    public ScheduledExecutorService executor() {
      return executor;
    }

    /** Gives up this hold; the last one shuts the timer down. */
    public void release() {
      if (released.compareAndSet(false, true)) {
        owner.release();
      }
    }
  }
}
