package org.remoting.runtime;

import org.remoting.Remote;

/** Reports the thread its call runs on; exported with the default executor in tests. */
@Remote("test.PooledThreads")
public interface PooledThreads {
  /** The running thread: its class name, a slash, its name. */
  String thread();

  /** Waits until the test opens the servant's gate (at most 10 s), then reports the thread. */
  String gatedThread();
}
