package org.remoting.time;

/**
 * A source of monotonic time in nanoseconds, like {@link System#nanoTime()}. Every time-based
 * component (pool idle shrinking, and later leases and passivation) reads time through a
 * {@code Ticker}, so tests can drive it with a fake clock instead of sleeping.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Ticker {
  /** Nanoseconds since an arbitrary fixed origin; only differences are meaningful. */
  long read();

  /** The ticker backed by {@link System#nanoTime()}. */
  static Ticker system() {
    return System::nanoTime;
  }
}
