package org.remoting.lifecycle.lease;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The outcome of one batched {@link LeaseManager#renew}. Immutable.
 *
 * @param granted for each renewed id, the time its lease now has left
 * @param missing the ids that have no live lease (unknown, expired, released): the client should
 *     drop its references to them
 * @throws NullPointerException if either collection is or contains null
 */
public record RenewResult(Map<String, Duration> granted, Set<String> missing) {

  public RenewResult {
    granted = Map.copyOf(granted);
    missing = Set.copyOf(missing);
  }
}
