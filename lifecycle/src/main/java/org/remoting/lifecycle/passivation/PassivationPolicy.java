package org.remoting.lifecycle.passivation;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * When a {@link PassivationManager} passivates objects: once an object has had no call for
 * {@code idle}, and, least recently used first, whenever more than {@code maxActive} objects are
 * active.
 *
 * @param idle how long an object may go without calls before it is passivated; positive
 * @param maxActive how many objects may be active at once; at least 1. A soft limit: objects with
 *     calls in flight are never passivated, so while all are busy there may be more
 * @throws IllegalArgumentException if {@code idle} is not positive or {@code maxActive < 1}
 */
public record PassivationPolicy(Duration idle, int maxActive) {

  /** The built-in defaults: idle 60s, max-active 10000. */
  public static final PassivationPolicy DEFAULT =
      new PassivationPolicy(Duration.ofSeconds(60), 10_000);

  public PassivationPolicy {
    requireNonNull(idle, "idle");
    if (idle.isNegative() || idle.isZero()) {
      throw new IllegalArgumentException("passivation idle must be > 0, got " + idle);
    }
    if (maxActive < 1) {
      throw new IllegalArgumentException("passivation max-active must be >= 1, got " + maxActive);
    }
  }
}
