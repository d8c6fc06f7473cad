package org.remoting.benchmarks;

/**
 * The servant behind {@link Adder}: stateless, so it is thread-safe and fits every lifecycle. The
 * lifecycle comes from the configuration each scenario passes to the server.
 */
public final class AdderServant implements Adder {
  @Override
  public int add(int a, int b) {
    return a + b;
  }

  @Override
  public byte[] echo(byte[] payload) {
    return payload;
  }
}
