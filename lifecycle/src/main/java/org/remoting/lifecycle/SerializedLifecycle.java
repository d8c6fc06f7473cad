package org.remoting.lifecycle;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.remoting.Concurrency;
import org.remoting.Lifecycle;
import org.remoting.ServantBusyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Concurrency#SERIALIZED} on top of a manager with one shared instance: lets one call at a
 * time hold the instance, the others waiting in arrival order (a fair semaphore) up to their
 * {@code timeout}, then failing with {@link ServantBusyException}. Callers already waiting when
 * the delegate is closed fail with {@link IllegalStateException} when their turn comes.
 */
final class SerializedLifecycle<T> implements LifecycleManager<T> {
  private static final Logger log = LoggerFactory.getLogger(SerializedLifecycle.class);

  private final LifecycleManager<T> delegate;
  private final String servantName;
  private final Semaphore turn = new Semaphore(1, true);
  private final AtomicBoolean held = new AtomicBoolean();
  private final AtomicLong waitTimeouts = new AtomicLong();

  SerializedLifecycle(LifecycleManager<T> delegate, String servantName) {
    this.delegate = requireNonNull(delegate, "delegate");
    this.servantName = requireNonNull(servantName, "servantName");
  }

  @Override
  public Lifecycle lifecycle() {
    return delegate.lifecycle();
  }

  @Override
  public void start() {
    delegate.start();
  }

  @Override
  public T acquire(long timeout, TimeUnit unit) throws InterruptedException {
    requireNonNull(unit, "unit");
    if (!turn.tryAcquire(timeout, unit)) { // fair: queues behind earlier callers
      waitTimeouts.incrementAndGet();
      log.debug("serialized servant {} stayed busy for the call's timeout", servantName);
      throw new ServantBusyException(
          "servant " + servantName + " is serialized and busy; waited "
              + unit.toMillis(Math.max(timeout, 0)) + " ms");
    }
    held.set(true);
    try {
      return delegate.acquire(timeout, unit);
    } catch (Throwable t) {
      endTurn();
      throw t;
    }
  }

  @Override
  public void release(T instance) {
    try {
      delegate.release(instance);
    } finally {
      endTurn();
    }
  }

  private void endTurn() {
    if (held.compareAndSet(true, false)) {
      turn.release();
    } else {
      log.warn("ignoring a release of serialized servant {} that holds no turn", servantName);
    }
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public LifecycleStats stats() {
    LifecycleStats s = delegate.stats();
    return new LifecycleStats(
        s.created(),
        s.destroyed(),
        s.inUse(),
        s.idle(),
        s.waiting() + turn.getQueueLength(),
        s.waitTimeouts() + waitTimeouts.get());
  }

  @Override
  public String toString() {
    return "Serialized" + delegate;
  }
}
