package org.remoting;

/**
 * A remote method returned a new leased object to a client that already holds as many objects
 * of that service as one client may ({@code lease.max-per-client}). gRPC status {@code
 * RESOURCE_EXHAUSTED}. The method ran, but its result was not sent and the refused object was
 * not exported (and was closed if {@link AutoCloseable}); releasing objects the client no longer
 * needs makes room. See {@code docs/security.md}.
 */
public class TooManyObjectsException extends RemotingException {
  private static final long serialVersionUID = 1L;

  public TooManyObjectsException(String message) {
    super(message);
  }
}
