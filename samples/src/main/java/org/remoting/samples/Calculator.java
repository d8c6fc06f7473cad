package org.remoting.samples;

import org.remoting.MethodName;
import org.remoting.Remote;

/** A stateless calculator: the static lifecycle's sample (one shared instance). */
@Remote("demo.Calculator")
public interface Calculator {
  int add(int a, int b);

  /** Overloads get distinct wire names. */
  @MethodName("addLongs")
  long add(long a, long b);

  /** Throws the declared exception for a zero divisor. */
  int divide(int dividend, int divisor) throws DivisionByZeroException;

  /** Which servant instance answered: the same one every time for a static servant. */
  int instance();

  /** Declared by {@link #divide}; rethrown on the client as itself. */
  class DivisionByZeroException extends Exception {
    private static final long serialVersionUID = 1L;

    public DivisionByZeroException(String message) {
      super(message);
    }
  }
}
