package org.remoting.runtime.internal.schema;

import java.time.Duration;

/**
 * A remote object reference as it travels: the wire message {@code remoting.RemoteRef}.
 *
 * @param target where the object lives, as the sender reaches it ({@code host:port} or {@code
 *     in-process:NAME}); empty for "the peer of this call" (the server that returned the
 *     reference, or the server a reference is passed back to)
 * @param objectId the object's id; empty for a service's default object
 * @param interfaceName the gRPC service name of the object's remote interface
 * @param lease the lease the object was granted, for a leased object; else {@code null}
 * @param grant the grant number of this hand-out of a leased object (it grows with each one; the
 *     client releases the object with the highest it received); 0 for none
 */
public record RemoteRef(
    String target, String objectId, String interfaceName, Duration lease, long grant) {

  /** A reference without a grant number: as a proxy stands for its object, or not leased. */
  public RemoteRef(String target, String objectId, String interfaceName, Duration lease) {
    this(target, objectId, interfaceName, lease, 0);
  }
}
