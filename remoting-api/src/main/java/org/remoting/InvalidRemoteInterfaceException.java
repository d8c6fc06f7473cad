package org.remoting;

/**
 * An interface cannot be used remotely: it lacks {@link Remote}, has an overloaded method
 * without a {@link MethodName}, or uses a parameter or return type the wire mapping does not
 * support. Thrown when the interface is exported or looked up, never during a call. The message
 * names the interface, the method, the parameter and the type, and says what is accepted.
 */
public class InvalidRemoteInterfaceException extends RemotingException {
  private static final long serialVersionUID = 1L;

  public InvalidRemoteInterfaceException(String message) {
    super(message);
  }
}
