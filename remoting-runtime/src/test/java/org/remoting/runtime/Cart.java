package org.remoting.runtime;

import java.util.List;
import org.remoting.Remote;

/** A shopping cart: a client-dependent object that {@link Shop} returns by reference. */
@Remote("test.Cart")
public interface Cart {
  void add(String item);

  List<String> items();

  String customer();
}
