package org.remoting.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Creates carts and remembers them, so tests can inspect the servants. */
final class ShopServant implements Shop {
  final List<CartServant> created = new CopyOnWriteArrayList<>();
  final CartServant shared = new CartServant("shared");

  @Override
  public Cart newCart(String customer) {
    CartServant cart = new CartServant(customer);
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
    return ((CartServant) cart).items.size();
  }

  @Override
  public boolean isLocalServant(Cart cart) {
    return cart instanceof CartServant servant && created.contains(servant);
  }
}
