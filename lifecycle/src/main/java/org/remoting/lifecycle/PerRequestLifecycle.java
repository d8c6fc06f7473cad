package org.remoting.lifecycle;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.remoting.Lifecycle;

/**
 * {@link Lifecycle#PER_REQUEST}: every {@link #acquire} creates a new instance and every
 * {@link #release} discards it (closing it if it is {@link AutoCloseable}), also after
 * {@link #close()}. Nothing is kept between calls, so {@code close()} has nothing to discard.
 */
final class PerRequestLifecycle<T> extends AbstractLifecycle<T> {
  private final AtomicInteger inUse = new AtomicInteger();

  PerRequestLifecycle(String servantName, Supplier<? extends T> factory) {
    super(servantName, factory);
  }

  @Override
  public Lifecycle lifecycle() {
    return Lifecycle.PER_REQUEST;
  }

  @Override
  public T acquire(long timeout, TimeUnit unit) {
    checkRunning();
    T instance = create();
    inUse.incrementAndGet();
    return instance;
  }

  @Override
  public void release(T instance) {
    if (instance == null) {
      return;
    }
    inUse.decrementAndGet();
    discard(instance);
  }

  @Override
  void onClose() {}

  @Override
  public LifecycleStats stats() {
    return stats(inUse.get(), 0, 0, 0);
  }
}
