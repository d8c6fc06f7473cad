package org.remoting.samples;

import java.util.List;
import org.remoting.Remote;

/**
 * A shopping cart, one per customer: a client-dependent object created by {@link Shop#newCart}.
 * It is not exported by the server's builder; the server exports {@code demo.Cart} as a leased
 * service because {@code Shop.newCart} returns it.
 */
@Remote("demo.Cart")
public interface Cart {
  void add(String item);

  List<String> items();

  String customer();
}
