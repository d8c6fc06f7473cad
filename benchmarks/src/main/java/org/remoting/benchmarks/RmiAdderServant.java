package org.remoting.benchmarks;

/** The RMI servant: stateless and thread-safe (RMI runs calls concurrently on its own threads). */
final class RmiAdderServant implements RmiAdder {
  @Override
  public int add(int a, int b) {
    return a + b;
  }
}
