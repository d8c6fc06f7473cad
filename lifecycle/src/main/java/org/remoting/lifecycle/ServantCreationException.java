package org.remoting.lifecycle;

/**
 * The servant factory threw while a {@link LifecycleManager} was creating an instance. The
 * cause is the factory's exception. The invoker reports it to the caller as a failed call
 * naming the servant, and the server keeps serving.
 */
public class ServantCreationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ServantCreationException(String message, Throwable cause) {
    super(message, cause);
  }
}
