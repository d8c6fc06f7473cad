package org.remoting.runtime.internal.lease;

import java.util.List;

/**
 * Objects of one leased service.
 *
 * @param service the gRPC service name, such as {@code demo.Cart}
 * @param objectIds the objects' ids
 * @param grants in a release, the highest grant number the client received for each object, in
 *     the order of {@code objectIds}: the server ignores the release of an object that it has
 *     handed out again since. Empty (or shorter than {@code objectIds}, or 0) for no grant: the
 *     object is released whatever was handed out, as a client that does not send grants expects.
 *     Renewals and replies leave it empty. Null reads as empty.
 */
public record LeaseGroup(String service, List<String> objectIds, List<Long> grants) {

  public LeaseGroup {
    grants = grants == null ? List.of() : grants;
  }

  /** Objects without grants, for a renewal or a reply. */
  public LeaseGroup(String service, List<String> objectIds) {
    this(service, objectIds, List.of());
  }

  /** The grant sent for the object at {@code index} of {@link #objectIds()}; 0 if none. */
  long grant(int index) {
    return index < grants.size() ? grants.get(index) : 0;
  }
}
