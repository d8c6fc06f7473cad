package org.remoting.benchmarks;

import org.remoting.Remote;

/** A leased object ({@code bench.Cart}), exported by reference by {@link Shop#newCarts}. */
@Remote("bench.Cart")
public interface Cart {
  /** The number of the cart within its batch. */
  int number();
}
