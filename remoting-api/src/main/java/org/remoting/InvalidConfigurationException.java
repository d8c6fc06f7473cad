package org.remoting;

/**
 * A configuration value or builder option is unknown or out of range. Thrown at start-up; the
 * message names the key path, the value given (and the file and line it came from, when known)
 * and what is accepted.
 */
public class InvalidConfigurationException extends RemotingException {
  private static final long serialVersionUID = 1L;

  public InvalidConfigurationException(String message) {
    super(message);
  }

  public InvalidConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
