package org.remoting.lifecycle;

import java.util.function.Supplier;
import org.remoting.Lifecycle;

/**
 * {@link Lifecycle#LAZY}: one instance, created by the first call and shared by all calls.
 * Concurrent first calls create it exactly once (double-checked under a lock); if the factory
 * fails, that call fails and the next one tries again.
 */
final class LazyLifecycle<T> extends SingleInstanceLifecycle<T> {
  private final Object creationLock = new Object();

  LazyLifecycle(String servantName, Supplier<? extends T> factory) {
    super(servantName, factory);
  }

  @Override
  public Lifecycle lifecycle() {
    return Lifecycle.LAZY;
  }

  @Override
  T instance() {
    T current = instance.get();
    if (current != null) {
      return current;
    }
    synchronized (creationLock) {
      current = instance.get();
      if (current == null) {
        current = create();
        instance.set(current);
      }
      return current;
    }
  }
}
