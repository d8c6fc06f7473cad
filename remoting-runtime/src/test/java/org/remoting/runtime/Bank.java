package org.remoting.runtime;

import org.remoting.Remote;

/** A remote interface with a declared exception, for error-mapping tests. */
@Remote("test.Bank")
public interface Bank {
  /** Withdraws; throws the declared exception when the balance is too low. */
  int withdraw(int amount) throws InsufficientFundsException;

  /** Throws an undeclared {@link IllegalStateException} with {@code message}. */
  String fail(String message);

  int balance();

  /** Sleeps, then returns {@code value}; for deadline and shutdown tests. */
  int slow(long millis, int value);

  /** Thrown by {@link #withdraw} when the balance is too low. */
  class InsufficientFundsException extends Exception {
    private static final long serialVersionUID = 1L;

    public InsufficientFundsException(String message) {
      super(message);
    }
  }
}
