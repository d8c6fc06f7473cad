package org.remoting;

import static java.util.Objects.requireNonNull;

import java.util.function.Consumer;

/**
 * Receives the outcome of an asynchronous remote call: the "result callback" of Remoting
 * Patterns. Exactly one of {@link #onResult} and {@link #onError} is called, once, on the
 * client's callback executor, never on a transport thread. An exception thrown by a callback is
 * logged and does not affect the client.
 *
 * <p>Use it as the trailing parameter of a remote method ({@code void quote(String symbol,
 * ResultCallback<Double> callback)}) or with {@code Invocations.callback(proxy, p ->
 * p.method(...), callback)}.
 *
 * @param <T> the result type; {@link Void} for a {@code void} method
 */
public interface ResultCallback<T> {

  /** Called with the result of a successful call. */
  void onResult(T result);

  /**
   * Called with the failure of a call: the same exception a synchronous call would have thrown.
   */
  void onError(Throwable error);

  /** A callback made of two functions. */
  static <T> ResultCallback<T> of(Consumer<? super T> onResult, Consumer<? super Throwable> onError) {
    requireNonNull(onResult, "onResult");
    requireNonNull(onError, "onError");
    return new ResultCallback<>() {
      @Override
      public void onResult(T result) {
        onResult.accept(result);
      }

      @Override
      public void onError(Throwable error) {
        onError.accept(error);
      }
    };
  }
}
