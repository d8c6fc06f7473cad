package org.remoting.runtime.internal.server;

import org.remoting.AccessDeniedException;
import org.remoting.runtime.AccessPolicy;
import org.remoting.runtime.AccessRequest;
import org.remoting.runtime.internal.wire.Failures;
import org.remoting.runtime.internal.wire.Failures.Failure;
import org.remoting.runtime.internal.wire.Failures.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A server's {@link AccessPolicy}, applied to calls. Thread-safe if the policy is. */
public final class AccessControl {
  private static final Logger log = LoggerFactory.getLogger(AccessControl.class);

  /** Allows every call without building a request. */
  public static final AccessControl OPEN = new AccessControl(null);

  private final AccessPolicy policy; // null: allow all

  private AccessControl(AccessPolicy policy) {
    this.policy = policy;
  }

  /** The control that applies {@code policy}; {@link #OPEN} when it is null. */
  public static AccessControl of(AccessPolicy policy) {
    return policy == null ? OPEN : new AccessControl(policy);
  }

  /** Why the policy denies the call, or null when it allows it. */
  Failure check(Caller caller, String service, String method, String objectId) {
    if (policy == null) {
      return null;
    }
    try {
      policy.check(new AccessRequest(caller.identity(), caller.address(), service, method, objectId));
      return null;
    } catch (AccessDeniedException e) {
      return Failures.of(Kind.ACCESS_DENIED, e.getMessage());
    } catch (RuntimeException e) {
      log.warn("the access policy failed on {}/{} for {}; denying the call", service, method,
          caller, e);
      return Failures.of(Kind.ACCESS_DENIED,
          service + "/" + method + ": denied (the server's access policy failed)");
    }
  }
}
