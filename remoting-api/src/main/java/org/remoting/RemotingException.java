package org.remoting;

/**
 * The root of the framework's exceptions. All are unchecked, so remote interfaces need no
 * {@code throws} clauses for transport failures; a method's own declared exceptions are
 * rethrown to the caller as themselves.
 *
 * <p>Subclasses say what failed: {@link ServerUnreachableException},
 * {@link ObjectNotFoundException}, {@link ServantBusyException},
 * {@link DeadlineExceededException}, {@link AccessDeniedException},
 * {@link TooManyObjectsException}, {@link RemoteInvocationException} for a call that reached
 * the server and failed there, and the local set-up errors {@link InvalidRemoteInterfaceException}
 * and {@link InvalidConfigurationException}.
 */
public class RemotingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RemotingException(String message) {
    super(message);
  }

  public RemotingException(String message, Throwable cause) {
    super(message, cause);
  }
}
