package org.remoting.benchmarks;

import org.remoting.Remote;

/**
 * A passivated object for the passivation probes, addressed by id ({@code bench.Account}): its
 * state is an opaque byte array that {@link #store} replaces and {@link #size} reads.
 */
@Remote("bench.Account")
public interface Account {
  /** Replaces the object's state with {@code data}; returns its length. */
  int store(byte[] data);

  /** The length of the object's state, without changing it. */
  int size();
}
