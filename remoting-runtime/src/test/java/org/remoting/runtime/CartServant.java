package org.remoting.runtime;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A cart that counts how often it is closed (its lease ended). */
final class CartServant implements Cart, AutoCloseable {
  final String customer;
  final List<String> items = new CopyOnWriteArrayList<>();
  final AtomicInteger closes = new AtomicInteger();

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

  @Override
  public void close() {
    closes.incrementAndGet();
  }
}
