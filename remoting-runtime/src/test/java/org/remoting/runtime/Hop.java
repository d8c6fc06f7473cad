package org.remoting.runtime;

import org.remoting.Remote;

/** One hop of a call chain A -> B -> C -> D. */
@Remote("test.Hop")
public interface Hop {
  /** Relays to the next hop after {@code delayMillis}; the last hop counts the call. */
  int relay(long delayMillis);
}
