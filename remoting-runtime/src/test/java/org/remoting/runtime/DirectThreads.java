package org.remoting.runtime;

import org.remoting.Remote;

/** Reports the thread its call runs on; exported with {@code executor = direct} in tests. */
@Remote("test.DirectThreads")
public interface DirectThreads {
  /** The running thread: its class name, a slash, its name. */
  String thread();

  /** Waits until the test opens the servant's gate (at most 10 s), then reports the thread. */
  String gatedThread();
}
