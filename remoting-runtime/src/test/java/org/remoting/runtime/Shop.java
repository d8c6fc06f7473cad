package org.remoting.runtime;

import java.util.List;
import org.remoting.Remote;

/** A remote factory of leased {@link Cart}s. */
@Remote("test.Shop")
public interface Shop {
  /** A new cart, returned by reference. */
  Cart newCart(String customer);

  /** {@code count} new carts in one call. */
  List<Cart> newCarts(int count);

  /** The same cart every time. */
  Cart sharedCart();

  /** How many items a cart passed back by reference holds, read from the servant itself. */
  int itemsIn(Cart cart);

  /** Whether the cart passed back is the very servant instance the shop created. */
  boolean isLocalServant(Cart cart);
}
