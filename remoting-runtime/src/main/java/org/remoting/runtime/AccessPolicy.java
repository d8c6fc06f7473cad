package org.remoting.runtime;

import org.remoting.AccessDeniedException;

/**
 * Decides whether a call may run: the server's authorization hook, registered with {@link
 * RemotingServer.Builder#accessPolicy}. The server consults it for every call to an exported
 * service (unary calls and each call on the one-way stream, and the lease protocol {@code
 * remoting.Leases}; not gRPC's health and reflection services), after it has checked the object
 * id's form and before it looks for the object, decodes the arguments or acquires a servant. A
 * denied call never reaches a servant; its client gets {@code PERMISSION_DENIED}, an {@link
 * AccessDeniedException} with the policy's message.
 *
 * <pre>{@code
 * RemotingServer.builder()
 *     .accessPolicy(call -> {
 *       if (call.method().equals("close") && !"CN=admin,O=Example".equals(call.identity())) {
 *         throw new AccessDeniedException("only the admin may close accounts");
 *       }
 *     })
 * }</pre>
 *
 * <p>Called concurrently on the gRPC threads that serve calls, so it must be thread-safe and
 * quick: it must not block. Any other exception it throws denies the call too (fail closed), with
 * a generic message, and is logged.
 */
@FunctionalInterface
public interface AccessPolicy {

  /**
   * Returns normally to allow {@code call}; throws {@link AccessDeniedException} to deny it.
   *
   * @throws AccessDeniedException to deny the call; its message goes to the client
   */
  void check(AccessRequest call);
}
