package org.remoting;

/**
 * The server has no object with the requested id in the requested service. gRPC status
 * {@code NOT_FOUND}. The call did not run.
 */
public class ObjectNotFoundException extends RemotingException {
  private static final long serialVersionUID = 1L;

  public ObjectNotFoundException(String message) {
    super(message);
  }
}
