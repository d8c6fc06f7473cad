package org.remoting;

/**
 * A call reached the server and failed there, and the failure is not an exception the method
 * declares: the servant threw an undeclared exception, the request was malformed, the method
 * is unknown to the server, or the servant could not be created.
 *
 * <p>Carries the remote exception's type name and message, and the gRPC status code name; never
 * the server's stack trace.
 */
public class RemoteInvocationException extends RemotingException {
  private static final long serialVersionUID = 1L;

  private final String remoteType;
  private final String status;

  /**
   * @param remoteType the fully qualified name of the exception thrown on the server, or
   *     {@code null} when the failure is the framework's rather than the servant's
   * @param status the gRPC status code name, such as {@code "UNKNOWN"} or {@code "INVALID_ARGUMENT"}
   * @param message the remote message
   */
  public RemoteInvocationException(String remoteType, String status, String message) {
    super(describe(remoteType, status, message));
    this.remoteType = remoteType;
    this.status = status;
  }

  /** The server-side exception's class name, or {@code null} for a framework failure. */
  public String remoteType() {
    return remoteType;
  }

  /** The gRPC status code name the call ended with. */
  public String status() {
    return status;
  }

  private static String describe(String remoteType, String status, String message) {
    StringBuilder text = new StringBuilder();
    if (remoteType != null) {
      text.append(remoteType).append(": ");
    }
    text.append(message == null ? "(no message)" : message);
    text.append(" [").append(status).append(']');
    return text.toString();
  }
}
