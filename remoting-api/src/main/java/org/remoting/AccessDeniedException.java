package org.remoting;

/**
 * The server refused the call: its access policy denied it, or the object it addresses is bound
 * to another client identity (with mutual TLS, a leased object belongs to the client whose call
 * created it). gRPC status {@code PERMISSION_DENIED}. The servant method did not run, so the call
 * changed nothing.
 *
 * <p>Servants and access policies throw it to deny a call; the client receives it with the
 * message they gave. See {@code docs/security.md}.
 */
public class AccessDeniedException extends RemotingException {
  private static final long serialVersionUID = 1L;

  public AccessDeniedException(String message) {
    super(message);
  }
}
