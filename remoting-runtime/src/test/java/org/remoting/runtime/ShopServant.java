package org.remoting.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Creates carts and remembers them, so tests can inspect the servants. */
final class ShopServant implements Shop {
  final List<CartServant> created = new CopyOnWriteArrayList<>();
  final CartServant shared = new CartServant("shared");
  /** Runs before each item is added to a cart this shop created (a test's hook). */
  volatile Consumer<String> onAdd = item -> { };
  /** Runs in {@link #itemsIn} before the cart is read (a test's hook). */
  volatile Runnable duringItemsIn = () -> { };

  @Override
  public Cart newCart(String customer) {
    CartServant cart = new CartServant(customer, item -> onAdd.accept(item));
    created.add(cart);
    return cart;
  }

  @Override
  public List<Cart> newCarts(int count) {
    List<Cart> carts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      carts.add(newCart("customer-" + i));
    }
    return carts;
  }

  @Override
  public Cart sharedCart() {
    return shared;
  }

  @Override
  public int itemsIn(Cart cart) {
    duringItemsIn.run();
    CartServant servant = (CartServant) cart;
    if (servant.closes.get() > 0) {
      throw new IllegalStateException("the cart was closed while this call used it");
    }
    return servant.items.size();
  }

  @Override
  public boolean isLocalServant(Cart cart) {
    return cart instanceof CartServant servant && created.contains(servant);
  }
}
