package org.remoting.runtime;

import java.util.List;
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

  /** Waits until {@code parties} calls are inside this method at once, then returns the id. */
  int together(int parties);

  /** Fills the instance's own list with {@code n} items and returns that list itself. */
  List<String> fill(int n);

  /** The number of items. */
  int count(List<String> items);

  /** Returns a list with a null element, which cannot be encoded. */
  List<String> withNullElement();

  /** Blocks until the call is cancelled (or 10 s pass); returns the id. */
  int blockUntilCancelled();
}
