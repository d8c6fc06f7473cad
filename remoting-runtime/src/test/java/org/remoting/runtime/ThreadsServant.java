package org.remoting.runtime;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Serves both thread-reporting interfaces; its gate is opened by the test. */
public final class ThreadsServant implements DirectThreads, PooledThreads {
  final CountDownLatch gate = new CountDownLatch(1);

  @Override
  public String thread() {
    Thread thread = Thread.currentThread();
    return thread.getClass().getName() + "/" + thread.getName();
  }

  @Override
  public String gatedThread() {
    try {
      if (!gate.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the gate stayed shut for 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted at the gate", e);
    }
    return thread();
  }
}
