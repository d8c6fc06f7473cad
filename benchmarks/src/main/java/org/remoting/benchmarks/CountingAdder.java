package org.remoting.benchmarks;

import java.util.concurrent.atomic.AtomicLong;

/** An {@link Adder} that counts the calls it runs, to prove no one-way call was lost. */
public final class CountingAdder implements Adder {
  private final AtomicLong calls = new AtomicLong();

  @Override
  public int add(int a, int b) {
    calls.incrementAndGet();
    return a + b;
  }

  @Override
  public byte[] echo(byte[] payload) {
    calls.incrementAndGet();
    return payload;
  }

  /** Calls run so far. */
  public long calls() {
    return calls.get();
  }
}
