package org.remoting.samples;

import java.util.concurrent.atomic.AtomicInteger;
import org.remoting.Lifecycle;
import org.remoting.Servant;

/** Static: created when the server starts, shared by every call (so it must be thread-safe). */
@Servant(lifecycle = Lifecycle.STATIC)
public final class CalculatorServant implements Calculator {
  static final AtomicInteger instances = new AtomicInteger();
  private final int id = instances.incrementAndGet();

  @Override
  public int add(int a, int b) {
    return a + b;
  }

  @Override
  public long add(long a, long b) {
    return a + b;
  }

  @Override
  public int divide(int dividend, int divisor) throws DivisionByZeroException {
    if (divisor == 0) {
      throw new DivisionByZeroException("cannot divide " + dividend + " by zero");
    }
    return dividend / divisor;
  }

  @Override
  public int instance() {
    return id;
  }
}
