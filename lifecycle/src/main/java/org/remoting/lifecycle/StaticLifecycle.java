package org.remoting.lifecycle;

import java.util.function.Supplier;
import org.remoting.Lifecycle;

/** {@link Lifecycle#STATIC}: one instance, created by {@link #start()}, shared by all calls. */
final class StaticLifecycle<T> extends SingleInstanceLifecycle<T> {

  StaticLifecycle(String servantName, Supplier<? extends T> factory) {
    super(servantName, factory);
  }

  @Override
  public Lifecycle lifecycle() {
    return Lifecycle.STATIC;
  }

  @Override
  void onStart() {
    instance.set(create());
  }

  @Override
  T instance() {
    return instance.get();
  }
}
