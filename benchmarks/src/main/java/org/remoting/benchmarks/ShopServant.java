package org.remoting.benchmarks;

import java.util.ArrayList;
import java.util.List;

/** Hands out new {@link Cart}s; each becomes a leased object of the server. */
public final class ShopServant implements Shop {
  @Override
  public List<Cart> newCarts(int count) {
    List<Cart> carts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      carts.add(new CartServant(i));
    }
    return carts;
  }

  /** A leased cart: immutable, so thread-safe. */
  private record CartServant(int number) implements Cart {}
}
