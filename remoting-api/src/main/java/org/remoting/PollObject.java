package org.remoting;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * The pending result of an asynchronous remote call, to be polled: the "poll object" of Remoting
 * Patterns. Returned immediately by a remote method declared to return {@code PollObject<T>}, or
 * by {@code Invocations.poll(proxy, p -> p.method(...))}.
 *
 * <p>{@link #getResult()} rethrows a failed call's exception as the same type a synchronous
 * call would throw: a {@link RemotingException} subclass, or the method's declared exception
 * (a checked one is thrown as is, though {@code getResult} does not declare it; catch it by its
 * type or as {@link Exception}). Thread-safe.
 *
 * @param <T> the result type; {@link Void} for a {@code void} method
 */
public interface PollObject<T> {

  /** Whether the result (or failure) has arrived; never blocks. */
  boolean isAvailable();

  /**
   * Blocks until the result arrives and returns it, or throws the call's failure. A thread
   * interrupted while waiting gets a {@link RemotingException}, with its interrupt status set
   * again; the call goes on.
   *
   * @throws java.util.concurrent.CancellationException if the call was cancelled
   */
  T getResult();

  /**
   * Waits at most {@code timeout} for the result.
   *
   * @param timeout how long to wait; zero or negative: do not wait
   * @throws TimeoutException if the result has not arrived in time; the call goes on
   */
  T getResult(Duration timeout) throws TimeoutException;

  /**
   * Cancels the call if its result has not arrived: the request is cancelled on the server too,
   * and {@link #getResult()} then throws {@link java.util.concurrent.CancellationException}.
   *
   * @return whether this call cancelled it
   */
  boolean cancel();

  /**
   * A poll object whose result is already there: what a servant returns from a method declared
   * to return {@code PollObject<T>} when it has the value at hand.
   */
  static <T> PollObject<T> completed(T value) {
    return new PollObject<>() {
      @Override
      public boolean isAvailable() {
        return true;
      }

      @Override
      public T getResult() {
        return value;
      }

      @Override
      public T getResult(Duration timeout) {
        return value;
      }

      @Override
      public boolean cancel() {
        return false;
      }
    };
  }
}
