package org.remoting.lifecycle.lease;

import static java.util.Objects.requireNonNull;

/**
 * One hand-out of a reference to a leased object, as {@link LeaseManager#export} makes it: the
 * object's id and the grant number of this hand-out. Grant numbers of one object start at 1 and
 * grow with each hand-out, so a client that releases the object with the highest grant it has
 * received ends it only if no newer reference was handed out since (see {@link
 * LeaseManager#releaseLease(String, long)}). Immutable.
 *
 * @param id the object's id
 * @param number the grant number, at least 1
 * @throws NullPointerException if {@code id} is null
 * @throws IllegalArgumentException if {@code number} is less than 1
 */
public record LeaseGrant(String id, long number) {

  public LeaseGrant {
    requireNonNull(id, "id");
    if (number < 1) {
      throw new IllegalArgumentException("grant number must be >= 1, got " + number);
    }
  }
}
