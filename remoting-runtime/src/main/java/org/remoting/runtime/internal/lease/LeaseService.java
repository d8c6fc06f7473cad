package org.remoting.runtime.internal.lease;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.remoting.Remote;

/**
 * The lease protocol, a remote interface of its own ({@code remoting.Leases}) that every server
 * with leased objects exports, like RMI's distributed garbage collector ({@code dirty}/{@code
 * clean}). A client renews the leases of all the objects it holds on a server in one {@link
 * #renew} call per interval, and releases objects in batches. Any gRPC client can call it.
 */
@Remote("remoting.Leases")
public interface LeaseService {

  /**
   * Renews the leases of the given objects.
   *
   * @param groups the objects, by service
   * @param duration the lease asked for, capped by the service's {@code lease.max-duration}; null
   *     for the service's {@code lease.duration}
   * @return the shortest lease granted, the objects that have no live lease, and those bound to
   *     another client identity (not renewed)
   */
  RenewReply renew(List<LeaseGroup> groups, Duration duration);

  /**
   * Ends the leases of the given objects, as their client no longer holds them; objects bound to
   * another client identity are skipped, and so are objects handed out again since the grant
   * given for them in their group (which then live on for the holder of the newer reference).
   */
  void release(List<LeaseGroup> groups);

  /**
   * The time the lease of an object has left; empty if it has none.
   *
   * @throws org.remoting.AccessDeniedException if the object is bound to another client identity
   */
  Optional<Duration> remaining(String service, String objectId);
}
