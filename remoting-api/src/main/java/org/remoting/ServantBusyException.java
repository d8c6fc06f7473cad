package org.remoting;

/**
 * No servant instance became free in time: every instance of a pooled servant stayed busy for
 * the pool's {@code max-wait}. gRPC status {@code RESOURCE_EXHAUSTED}. The call did not run, so
 * retrying it later is safe.
 */
public class ServantBusyException extends RemotingException {
  private static final long serialVersionUID = 1L;

  public ServantBusyException(String message) {
    super(message);
  }
}
