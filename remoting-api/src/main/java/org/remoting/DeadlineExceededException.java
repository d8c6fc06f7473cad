package org.remoting;

/**
 * The call's deadline passed before its result arrived. gRPC status {@code DEADLINE_EXCEEDED}.
 * The server may or may not have run the method.
 */
public class DeadlineExceededException extends RemotingException {
  private static final long serialVersionUID = 1L;

  public DeadlineExceededException(String message) {
    super(message);
  }

  public DeadlineExceededException(String message, Throwable cause) {
    super(message, cause);
  }
}
