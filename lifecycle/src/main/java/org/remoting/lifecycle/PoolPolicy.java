package org.remoting.lifecycle;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The policy of a pooled servant: between {@code min} and {@code max} instances; a call waits up
 * to {@code maxWait} for a free one; instances unused for {@code idle} are discarded down to
 * {@code min}.
 *
 * @throws IllegalArgumentException if {@code min < 0}, {@code max < 1}, {@code min > max},
 *     {@code maxWait} is negative or {@code idle} is not positive
 */
public record PoolPolicy(int min, int max, Duration maxWait, Duration idle) {

  /** The built-in defaults: min 1, max 16, max-wait 1s, idle 60s. */
  public static final PoolPolicy DEFAULT =
      new PoolPolicy(1, 16, Duration.ofSeconds(1), Duration.ofSeconds(60));

  public PoolPolicy {
    requireNonNull(maxWait, "maxWait");
    requireNonNull(idle, "idle");
    if (min < 0) {
      throw new IllegalArgumentException("pool min must be >= 0, got " + min);
    }
    if (max < 1) {
      throw new IllegalArgumentException("pool max must be >= 1, got " + max);
    }
    if (min > max) {
      throw new IllegalArgumentException(
          "pool min must be <= max, got min " + min + " and max " + max);
    }
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("pool max-wait must be >= 0, got " + maxWait);
    }
    if (idle.isNegative() || idle.isZero()) {
      throw new IllegalArgumentException("pool idle must be > 0, got " + idle);
    }
  }
}
