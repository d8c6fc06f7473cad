package org.remoting.runtime.internal.server;

import io.grpc.Context;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Interrupts the thread that created it when the call's context is cancelled while that thread
 * waits for a servant instance, so a cancelled call gives up its place at once. {@link #done()}
 * ends the window and guarantees that no interrupt from this object reaches the thread later
 * (an interrupt already delivered is cleared).
 */
final class WaitInterrupter implements Context.CancellationListener {
  private static final int WAITING = 0;
  private static final int INTERRUPTING = 1;
  private static final int INTERRUPTED = 2;
  private static final int DONE = 3;

  private final Thread waiter = Thread.currentThread();
  private final AtomicInteger state = new AtomicInteger(WAITING);

  @Override
  public void cancelled(Context context) {
    if (state.compareAndSet(WAITING, INTERRUPTING)) {
      waiter.interrupt();
      state.set(INTERRUPTED);
    }
  }

  /** Called by the waiting thread when it stops waiting. */
  void done() {
    if (state.compareAndSet(WAITING, DONE)) {
      return;
    }
    while (state.get() == INTERRUPTING) {
      Thread.onSpinWait();
    }
    Thread.interrupted(); // clear the interrupt this object delivered
  }
}
