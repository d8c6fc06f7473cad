package org.remoting.invocation;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Unwrapping and rethrowing the failures of asynchronous calls. */
final class Throwables {
  private Throwables() {}

  /** The failure inside {@link CompletionException}s and {@link ExecutionException}s. */
  static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /**
   * Throws {@code t} as is, even when it is a checked exception that the calling method does
   * not declare (a "sneaky throw": the Java compiler checks checked exceptions, the JVM does
   * not). Used to give an asynchronous call's failure the type a synchronous call would throw: a
   * checked exception that the remote method declares. Declared to return an exception so that
   * callers can write {@code throw sneakyThrow(t)} and the compiler sees the path end.
   */
  static RuntimeException sneakyThrow(Throwable t) {
    throw Throwables.<RuntimeException>uncheckedCast(t);
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E uncheckedCast(Throwable t) throws E {
    throw (E) t;
  }
}
