package org.remoting;

/**
 * The call could not reach a server that would accept it: nothing listens at the target, the
 * connection broke, or the server is shutting down and rejects new calls. gRPC status
 * {@code UNAVAILABLE}. The call did not run, so retrying it is safe.
 */
public class ServerUnreachableException extends RemotingException {
  private static final long serialVersionUID = 1L;

  public ServerUnreachableException(String message) {
    super(message);
  }

  public ServerUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
