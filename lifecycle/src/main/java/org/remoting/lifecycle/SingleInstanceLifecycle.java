package org.remoting.lifecycle;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One instance shared by all calls: the common part of {@link StaticLifecycle} and
 * {@link LazyLifecycle}. Lock-free on the call path. After {@link #close()} the instance is
 * discarded by whoever brings the in-use count to zero: {@code close()} itself, or the last
 * {@link #release}. A call counts itself in use before re-checking the state, so the instance is
 * never discarded under a call that got it.
 */
abstract class SingleInstanceLifecycle<T> extends AbstractLifecycle<T> {
  final AtomicReference<T> instance = new AtomicReference<>();
  private final AtomicInteger inUse = new AtomicInteger();

  SingleInstanceLifecycle(String servantName, Supplier<? extends T> factory) {
    super(servantName, factory);
  }

  /** The instance, creating it if this lifecycle creates on demand. */
  abstract T instance();

  @Override
  public final T acquire(long timeout, TimeUnit unit) {
    checkRunning();
    inUse.incrementAndGet();
    try {
      checkRunning();
      return instance();
    } catch (RuntimeException | Error e) {
      release(null);
      throw e;
    }
  }

  @Override
  public final void release(T ignored) {
    if (inUse.decrementAndGet() == 0 && state() == State.CLOSED) {
      discardInstance();
    }
  }

  @Override
  final void onClose() {
    if (inUse.get() == 0) {
      discardInstance();
    }
  }

  private void discardInstance() {
    T last = instance.getAndSet(null);
    if (last != null) {
      discard(last);
    }
  }

  /** Counts instances, not calls: the one instance is in use while any call holds it. */
  @Override
  public final LifecycleStats stats() {
    boolean busy = inUse.get() > 0;
    boolean alive = instance.get() != null;
    return stats(alive && busy ? 1 : 0, alive && !busy ? 1 : 0, 0, 0);
  }
}
