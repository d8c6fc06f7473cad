package org.remoting;

/**
 * Implemented by a pooled servant that must be cleaned up between calls. The pool calls
 * {@link #reset()} after each call, before the instance serves another one. An instance whose
 * {@code reset()} throws is discarded instead of being reused.
 */
public interface Poolable {
  /** Returns this instance to a clean state; called on the thread that ran the call. */
  void reset();
}
