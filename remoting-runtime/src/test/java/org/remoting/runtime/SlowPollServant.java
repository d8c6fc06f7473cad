package org.remoting.runtime;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.remoting.PollObject;

/**
 * Returns, without blocking, a poll object that another thread completes with "done" after a
 * delay, or never; records the thread that cancels it.
 */
public final class SlowPollServant implements SlowPoll {
  /** The thread a poll object's {@code cancel()} ran on: its class name, a slash, its name. */
  final CompletableFuture<String> cancelledOn = new CompletableFuture<>();

  private final Duration delay; // null: never completes on its own

  SlowPollServant(Duration delay) {
    this.delay = delay;
  }

  @Override
  public PollObject<String> later() {
    CompletableFuture<String> result = new CompletableFuture<>();
    if (delay != null) {
      result.completeOnTimeout("done", delay.toNanos(), TimeUnit.NANOSECONDS);
    }
    return new PollObject<>() {
      @Override
      public boolean isAvailable() {
        return result.isDone();
      }

      @Override
      public String getResult() {
        return result.join();
      }

      @Override
      public String getResult(Duration timeout) throws TimeoutException {
        try {
          return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException | ExecutionException | CancellationException e) {
          throw new IllegalStateException(e);
        }
      }

      @Override
      public boolean cancel() {
        Thread thread = Thread.currentThread();
        cancelledOn.complete(thread.getClass().getName() + "/" + thread.getName());
        return result.cancel(false);
      }
    };
  }
}
