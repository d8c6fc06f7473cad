package org.remoting.lifecycle.lease;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The lease policy of one leased service.
 *
 * @param duration the lease a new object gets, and the renewal granted when a client asks for no
 *     particular duration; must be positive
 * @param maxDuration the longest lease a client may obtain by asking for a longer renewal; must
 *     be at least {@code duration}
 * @param expiredMemory how long the id of an object whose lease expired (or that its client
 *     released) is remembered, so that a late call gets "lease expired at ..." rather than "no
 *     such object"; zero or more
 * @throws NullPointerException if any argument is null
 * @throws IllegalArgumentException if {@code duration} is not positive, {@code maxDuration} is
 *     shorter than {@code duration}, or {@code expiredMemory} is negative
 */
public record LeasePolicy(Duration duration, Duration maxDuration, Duration expiredMemory) {

  /** How long ended ids are remembered unless a policy says otherwise: 10 minutes. */
  public static final Duration DEFAULT_EXPIRED_MEMORY = Duration.ofMinutes(10);

  /**
   * The built-in defaults: leases of 30 s, renewals of up to 10 min on request (the lease value
   * of RMI's distributed garbage collector), ended ids remembered for 10 min.
   */
  public static final LeasePolicy DEFAULT =
      new LeasePolicy(Duration.ofSeconds(30), Duration.ofMinutes(10), DEFAULT_EXPIRED_MEMORY);

  public LeasePolicy {
    requireNonNull(duration, "duration");
    requireNonNull(maxDuration, "maxDuration");
    requireNonNull(expiredMemory, "expiredMemory");
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("lease duration must be > 0, got " + duration);
    }
    if (maxDuration.compareTo(duration) < 0) {
      throw new IllegalArgumentException(
          "lease max-duration must be >= duration (" + duration + "), got " + maxDuration);
    }
    if (expiredMemory.isNegative()) {
      throw new IllegalArgumentException(
          "lease expired-memory must be >= 0, got " + expiredMemory);
    }
  }

  /**
   * A policy with leases of {@code duration}, no longer renewals, and the default expired memory.
   *
   * @throws IllegalArgumentException if {@code duration} is not positive
   */
  public static LeasePolicy of(Duration duration) {
    return new LeasePolicy(duration, duration, DEFAULT_EXPIRED_MEMORY);
  }
}
