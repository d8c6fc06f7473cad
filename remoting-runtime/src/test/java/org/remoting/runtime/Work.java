package org.remoting.runtime;

import org.remoting.Remote;

/** A remote interface whose servant reports on its own instance, for lifecycle tests. */
@Remote("test.Work")
public interface Work {
  /** The id of the servant instance that ran the call. */
  int instance();

  /** Holds the instance for {@code millis}, then returns its id. */
  int hold(long millis);

  /** Whether the instance was dirty when the call began; leaves it dirty. */
  boolean wasDirty();

  /** Throws an undeclared {@link IllegalStateException}. */
  void explode();
}
