package org.remoting.lifecycle;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.remoting.Lifecycle;
import org.remoting.Poolable;
import org.remoting.ServantBusyException;
import org.remoting.time.Scheduler;
import org.remoting.time.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Lifecycle#POOLED}: between {@code min} and {@code max} instances, each serving one call
 * at a time.
 *
 * <ul>
 *   <li>{@link #start()} creates {@code min} instances and schedules the idle sweep.
 *   <li>{@link #acquire} takes the most recently released idle instance (LIFO, so surplus
 *       instances stay idle and get shrunk), else creates one if fewer than {@code max} are
 *       alive, else waits up to {@code min(timeout, maxWait)} and then throws
 *       {@link ServantBusyException}. Waiters are served in arrival order: a released instance, or
 *       a slot freed by a discarded one, is handed straight to the longest waiter, so new arrivals
 *       cannot overtake it. Waiting uses real time.
 *   <li>Instances are created and closed outside the lock, but their slot stays reserved
 *       meanwhile, so there are never more than {@code max} instances, counting those being
 *       created or closed. A failed creation frees its slot for the next waiter.
 *   <li>{@link #release} calls {@link Poolable#reset()}; an instance whose reset throws is
 *       discarded (and closed if {@link AutoCloseable}) and its slot goes to a waiter.
 *   <li>Idle shrinking: every {@code max(idle / 2, 1 ms)} a sweep on the injected
 *       {@link Scheduler} discards instances idle, by the injected {@link Ticker}, for at least
 *       {@code idle}, oldest first, while more than {@code min} are alive. So a surplus instance
 *       is discarded within {@code idle + max(idle / 2, 1 ms)} of its release.
 *   <li>{@link #close()} cancels the sweep, discards idle instances, wakes waiters with
 *       {@link IllegalStateException}; instances in use are discarded when released.
 * </ul>
 */
final class PooledLifecycle<T> extends AbstractLifecycle<T> {
  private static final Logger log = LoggerFactory.getLogger(PooledLifecycle.class);

  private final PoolPolicy policy;
  private final Ticker ticker;
  private final Scheduler scheduler;
  private final long maxWaitNanos;
  private final long idleNanos;
  private final long sweepPeriodNanos;

  private final ReentrantLock lock = new ReentrantLock();
  // All guarded by lock.
  private final Deque<IdleInstance<T>> idle = new ArrayDeque<>(); // most recently released first
  private final Set<T> inUse = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Deque<Waiter<T>> waiters = new ArrayDeque<>();
  private int reserved; // slots of instances being created or closed
  private long waitTimeouts;
  private Scheduler.Cancellable sweep;

  PooledLifecycle(
      String servantName,
      Supplier<? extends T> factory,
      PoolPolicy policy,
      Ticker ticker,
      Scheduler scheduler) {
    super(servantName, factory);
    this.policy = requireNonNull(policy, "policy");
    this.ticker = requireNonNull(ticker, "ticker");
    this.scheduler = requireNonNull(scheduler, "scheduler");
    this.maxWaitNanos = saturatedNanos(policy.maxWait());
    this.idleNanos = saturatedNanos(policy.idle());
    this.sweepPeriodNanos = Math.max(idleNanos / 2, TimeUnit.MILLISECONDS.toNanos(1));
  }

  @Override
  public Lifecycle lifecycle() {
    return Lifecycle.POOLED;
  }

  @Override
  void onStart() {
    for (int i = 0; i < policy.min(); i++) {
      T instance = create();
      lock.lock();
      try {
        idle.addFirst(new IdleInstance<>(instance, ticker.read()));
      } finally {
        lock.unlock();
      }
    }
    scheduleSweep();
  }

  @Override
  public T acquire(long timeout, TimeUnit unit) throws InterruptedException {
    requireNonNull(unit, "unit");
    lock.lock();
    try {
      checkRunning();
      if (waiters.isEmpty() && !idle.isEmpty()) {
        T instance = idle.pollFirst().instance();
        inUse.add(instance);
        return instance;
      }
      if (waiters.isEmpty() && alive() < policy.max()) {
        reserved++;
      } else {
        T handedOff = await(Math.min(unit.toNanos(timeout), maxWaitNanos));
        if (handedOff != null) {
          return handedOff;
        }
      }
    } finally {
      lock.unlock();
    }
    return createInReservedSlot();
  }

  /** Waits for a released instance (returned) or a free slot (null). Called under the lock. */
  private T await(long nanos) throws InterruptedException {
    Waiter<T> waiter = new Waiter<>(lock.newCondition());
    waiters.addLast(waiter);
    long remaining = nanos;
    try {
      while (waiter.instance == null && !waiter.slot && !waiter.closed) {
        if (remaining <= 0) {
          waiters.remove(waiter);
          waitTimeouts++;
          log.debug("no instance of pooled servant {} became free in time", servantName);
          throw new ServantBusyException(
              "all " + policy.max() + " instances of pooled servant " + servantName
                  + " are busy; waited " + TimeUnit.NANOSECONDS.toMillis(Math.max(nanos, 0))
                  + " ms (pool.max-wait " + policy.maxWait().toMillis() + "ms)");
        }
        remaining = waiter.wakeUp.awaitNanos(remaining);
      }
    } catch (InterruptedException e) {
      if (waiters.remove(waiter)) {
        throw e;
      }
      Thread.currentThread().interrupt(); // served meanwhile: take it, keep the interrupt
    }
    if (waiter.closed) {
      throw new IllegalStateException(describe() + " was closed while the call waited");
    }
    return waiter.instance;
  }

  private T createInReservedSlot() {
    T instance;
    try {
      instance = create();
    } catch (RuntimeException | Error e) {
      lock.lock();
      try {
        reserved--;
        slotFreed();
      } finally {
        lock.unlock();
      }
      throw e;
    }
    lock.lock();
    try {
      reserved--;
      inUse.add(instance); // even if closed meanwhile: release discards it
      return instance;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void release(T instance) {
    if (instance == null || !isInUse(instance)) {
      log.warn("ignoring release of an instance that pooled servant {} did not lend", servantName);
      return;
    }
    if (state() == State.RUNNING && reset(instance)) {
      lock.lock();
      try {
        if (!inUse.contains(instance)) {
          return; // released twice, concurrently
        }
        if (state() == State.RUNNING) {
          offer(instance);
          return;
        }
      } finally {
        lock.unlock();
      }
    }
    discard(instance); // still counted in use, so its slot is not reused before it is closed
    lock.lock();
    try {
      if (inUse.remove(instance)) {
        slotFreed();
      }
    } finally {
      lock.unlock();
    }
  }

  private boolean isInUse(T instance) {
    lock.lock();
    try {
      return inUse.contains(instance);
    } finally {
      lock.unlock();
    }
  }

  private boolean reset(T instance) {
    if (instance instanceof Poolable poolable) {
      try {
        poolable.reset();
      } catch (RuntimeException e) {
        log.warn("reset of an instance of pooled servant {} failed; discarding it", servantName, e);
        return false;
      }
    }
    return true;
  }

  /** Hands an in-use instance to the longest waiter, or makes it idle. Called under the lock. */
  private void offer(T instance) {
    Waiter<T> waiter = waiters.pollFirst();
    if (waiter != null) {
      waiter.instance = instance;
      waiter.wakeUp.signal();
    } else {
      inUse.remove(instance);
      idle.addFirst(new IdleInstance<>(instance, ticker.read()));
    }
  }

  /** Gives a slot that just became free to the longest waiter, if any. Called under the lock. */
  private void slotFreed() {
    Waiter<T> waiter = waiters.pollFirst();
    if (waiter != null) {
      reserved++;
      waiter.slot = true;
      waiter.wakeUp.signal();
    }
  }

  private int alive() {
    return idle.size() + inUse.size() + reserved;
  }

  private void scheduleSweep() {
    lock.lock();
    try {
      if (state() != State.CLOSED) {
        sweep = scheduler.schedule(this::sweep, sweepPeriodNanos, TimeUnit.NANOSECONDS);
      }
    } finally {
      lock.unlock();
    }
  }

  private void sweep() {
    List<T> victims = new ArrayList<>();
    long now = ticker.read();
    lock.lock();
    try {
      for (int excess = alive() - policy.min(); excess > 0; excess--) {
        IdleInstance<T> oldest = idle.peekLast();
        if (oldest == null || now - oldest.since() < idleNanos) {
          break;
        }
        idle.pollLast();
        victims.add(oldest.instance());
        reserved++;
      }
    } finally {
      lock.unlock();
    }
    try {
      if (!victims.isEmpty()) {
        log.debug("shrinking pooled servant {} by {} idle instances", servantName, victims.size());
      }
      victims.forEach(this::discard);
    } finally {
      lock.lock();
      try {
        for (int i = 0; i < victims.size(); i++) {
          reserved--;
          slotFreed();
        }
      } finally {
        lock.unlock();
      }
      scheduleSweep();
    }
  }

  @Override
  void onClose() {
    List<T> victims = new ArrayList<>();
    lock.lock();
    try {
      if (sweep != null) {
        sweep.cancel();
        sweep = null;
      }
      idle.forEach(i -> victims.add(i.instance()));
      idle.clear();
      waiters.forEach(
          w -> {
            w.closed = true;
            w.wakeUp.signal();
          });
      waiters.clear();
    } finally {
      lock.unlock();
    }
    victims.forEach(this::discard);
  }

  @Override
  public LifecycleStats stats() {
    lock.lock();
    try {
      return stats(inUse.size(), idle.size(), waiters.size(), waitTimeouts);
    } finally {
      lock.unlock();
    }
  }

  private static long saturatedNanos(java.time.Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private record IdleInstance<T>(T instance, long since) {}

  private static final class Waiter<T> {
    final Condition wakeUp;
    T instance; // handed off by a release
    boolean slot; // a free slot to create an instance in
    boolean closed;

    Waiter(Condition wakeUp) {
      this.wakeUp = wakeUp;
    }
  }
}
