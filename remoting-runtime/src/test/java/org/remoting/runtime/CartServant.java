package org.remoting.runtime;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** A cart that counts how often it is closed (its lease ended). */
final class CartServant implements Cart, AutoCloseable {
  final String customer;
  final List<String> items = new CopyOnWriteArrayList<>();
  final AtomicInteger closes = new AtomicInteger();
  private final Consumer<String> onAdd;

  CartServant(String customer) {
    this(customer, item -> { });
  }

  /** A cart that runs {@code onAdd} (a test's hook, which may block) before adding an item. */
  CartServant(String customer, Consumer<String> onAdd) {
    this.customer = customer;
    this.onAdd = onAdd;
  }

  @Override
  public void add(String item) {
    onAdd.accept(item);
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

  @Override
  public void close() {
    closes.incrementAndGet();
  }
}
