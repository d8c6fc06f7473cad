package org.remoting.benchmarks;

import java.util.List;
import org.remoting.Remote;

/** The factory of leased {@link Cart}s for the lease probe ({@code bench.Shop}). */
@Remote("bench.Shop")
public interface Shop {
  /** {@code count} new carts, each a leased object returned by reference. */
  List<Cart> newCarts(int count);
}
