package org.remoting.invocation;

/**
 * How a remote method call is made: the invocation styles of Remoting Patterns. A method's
 * declaration gives its default style ({@link DeclaredStyle}); {@link Invocations} makes a call
 * of a synchronous method in another style.
 */
public enum CallStyle {
  /** Blocks until the result or the failure arrives. Any method without another style. */
  SYNC,

  /**
   * Fire and forget: returns once the call is handed to the transport, without a result and
   * without reporting later failures. A {@code void} method annotated {@link org.remoting.OneWay}.
   */
  ONE_WAY,

  /** Returns a {@link org.remoting.PollObject} at once. A method returning {@code PollObject<T>}. */
  POLL_OBJECT,

  /**
   * Returns a {@link java.util.concurrent.CompletableFuture} at once. A method returning {@code
   * CompletableFuture<T>} or {@code CompletionStage<T>}.
   */
  FUTURE,

  /**
   * Returns at once and reports the outcome to a {@link org.remoting.ResultCallback}. A {@code
   * void} method whose last parameter is {@code ResultCallback<T>}.
   */
  CALLBACK;

  /** Whether a call in this style returns before its result arrives and delivers the result later. */
  public boolean isAsync() {
    return this == POLL_OBJECT || this == FUTURE || this == CALLBACK;
  }
}
