package org.remoting.samples;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A cart lives as long as its lease: {@link ShopServant#newCart} creates it, the framework gives
 * it a random object id and a lease, and calls {@link #close()} when the lease ends, because the
 * client released the cart or stopped renewing it. Calls to one leased object may run
 * concurrently, so the cart is thread-safe.
 */
final class CartServant implements Cart, AutoCloseable {
  private final String customer;
  private final List<String> items = new CopyOnWriteArrayList<>();

  CartServant(String customer) {
    this.customer = customer;
  }

  @Override
  public void add(String item) {
    items.add(item);
  }

  @Override
  public List<String> items() {
    return List.copyOf(items);
  }

  @Override
  public String customer() {
    return customer;
  }

  /** Called once, when the cart's lease ends (released by its client, or expired). */
  @Override
  public void close() {
    System.out.println(
        "  [server] " + customer + "'s cart ended, its lease over; it held " + items);
  }
}
