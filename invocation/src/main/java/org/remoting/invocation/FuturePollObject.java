package org.remoting.invocation;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.remoting.PollObject;
import org.remoting.RemotingException;

/**
 * A {@link PollObject} over the requestor's future of one call. Failures are rethrown as
 * themselves, checked ones included ({@link Throwables#sneakyThrow}); after {@link #cancel()},
 * {@code getResult} throws {@link java.util.concurrent.CancellationException}. A thread interrupted while
 * waiting gets a {@link RemotingException} with its interrupt flag set again; the call goes on.
 * Thread-safe.
 */
final class FuturePollObject<T> implements PollObject<T> {
  private final CompletableFuture<T> call;
  private final String what;
  private final AtomicBoolean cancelled = new AtomicBoolean();

  /**
   * @param call completes with the result; cancelling it cancels the remote call
   * @param what the call, for messages
   */
  FuturePollObject(CompletableFuture<T> call, String what) {
    this.call = call;
    this.what = what;
  }

  @Override
  public boolean isAvailable() {
    return call.isDone();
  }

  @Override
  public T getResult() {
    try {
      return call.get();
    } catch (ExecutionException e) {
      throw Throwables.sneakyThrow(Throwables.unwrap(e));
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
  }

  @Override
  public T getResult(Duration timeout) throws TimeoutException {
    long nanos = saturatedNanos(requireNonNull(timeout, "timeout"));
    try {
      return call.get(nanos, TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw Throwables.sneakyThrow(Throwables.unwrap(e));
    } catch (InterruptedException e) {
      throw interrupted(e);
    } catch (TimeoutException e) {
      TimeoutException timedOut =
          new TimeoutException("no result for " + what + " within " + timeout);
      timedOut.initCause(e);
      throw timedOut;
    }
  }

  @Override
  public boolean cancel() {
    // CompletableFuture.cancel also returns true when it was cancelled before
    return !call.isDone() && cancelled.compareAndSet(false, true) && call.cancel(false);
  }

  private RemotingException interrupted(InterruptedException e) {
    Thread.currentThread().interrupt();
    return new RemotingException("interrupted while waiting for the result of " + what, e);
  }

  static long saturatedNanos(Duration timeout) {
    if (timeout.isNegative()) {
      return 0;
    }
    try {
      return timeout.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  @Override
  public String toString() {
    String state;
    if (call.isCancelled()) {
      state = "cancelled";
    } else if (call.isCompletedExceptionally()) {
      state = "failed";
    } else {
      state = call.isDone() ? "available" : "pending";
    }
    return "PollObject[" + what + ", " + state + "]";
  }
}
