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
  private static final Object lock = new Object();
  private static ScheduledThreadPoolExecutor shared; // guarded by lock
  private static int holders; // guarded by lock

  private InProcess() {}

  /** A hold on the shared timer, for one channel or server; the first starts the timer. */
  public static Timer timer() {
    synchronized (lock) {
      if (shared == null) {
        shared = create();
      }
      holders++;
      return new Timer(shared);
    }
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
    synchronized (lock) {
      return holders;
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

  /**
   * One channel's or server's hold on the shared timer. {@link #release} it once the channel or
   * server has terminated (or been shut down now): with the last hold the timer's thread ends,
   * and a later {@link InProcess#timer()} starts a new one. Thread-safe; releasing twice is a
   * no-op.
   */
  public static final class Timer {
    private final ScheduledThreadPoolExecutor executor;
    private boolean released; // guarded by lock

    private Timer(ScheduledThreadPoolExecutor executor) {
      this.executor = executor;
    }

    /** The timer's executor, for a builder's {@code scheduledExecutorService}. */
    public ScheduledExecutorService executor() {
      return executor;
    }

    /** Gives up this hold; the last one shuts the timer down. */
    public void release() {
      synchronized (lock) {
        if (released) {
          return;
        }
        released = true;
        if (--holders == 0) {
          shared.shutdown(); // cancels the sentinel and any deadline task left
          shared = null;
        }
      }
    }
  }
}
