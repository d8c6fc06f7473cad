package org.remoting.lifecycle;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state machine (new → running → closed) and the creation and disposal of instances shared
 * by every manager. Subclasses add {@link #onStart} and {@link #onClose}; both run under this
 * object's monitor, so they never overlap.
 */
abstract class AbstractLifecycle<T> implements LifecycleManager<T> {
  private static final Logger log = LoggerFactory.getLogger(AbstractLifecycle.class);

  enum State {
    NEW,
    RUNNING,
    CLOSED
  }

  final String servantName;
  private final Supplier<? extends T> factory;
  private volatile State state = State.NEW;
  private final AtomicLong created = new AtomicLong();
  private final AtomicLong destroyed = new AtomicLong();

  AbstractLifecycle(String servantName, Supplier<? extends T> factory) {
    this.servantName = requireNonNull(servantName, "servantName");
    this.factory = requireNonNull(factory, "factory");
  }

  @Override
  public final synchronized void start() {
    if (state != State.NEW) {
      throw new IllegalStateException(
          describe() + " cannot start: it is " + state.name().toLowerCase(java.util.Locale.ROOT));
    }
    try {
      onStart();
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
    state = State.RUNNING;
  }

  @Override
  public final synchronized void close() {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    onClose();
  }

  /** Creates the instances that exist from the start; runs before the state becomes running. */
  void onStart() {}

  /** Discards what can be discarded now; runs once, after the state became closed. */
  abstract void onClose();

  final State state() {
    return state;
  }

  /** Throws unless running. */
  final void checkRunning() {
    State s = state;
    if (s != State.RUNNING) {
      throw new IllegalStateException(
          describe() + " is " + (s == State.NEW ? "not started" : "closed"));
    }
  }

  /** Calls the factory; any failure becomes a {@link ServantCreationException}. */
  final T create() {
    T instance;
    try {
      instance = factory.get();
      if (instance == null) {
        throw new NullPointerException("the servant factory returned null");
      }
    } catch (RuntimeException e) {
      throw new ServantCreationException("could not create servant " + servantName + ": " + e, e);
    }
    created.incrementAndGet();
    log.debug("created an instance of servant {}", servantName);
    return instance;
  }

  /** Counts {@code instance} as destroyed and closes it if it is {@link AutoCloseable}. */
  final void discard(T instance) {
    destroyed.incrementAndGet();
    log.debug("discarding an instance of servant {}", servantName);
    if (instance instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        log.warn("closing an instance of servant {} failed", servantName, e);
      }
    }
  }

  final LifecycleStats stats(int inUse, int idle, int waiting, long waitTimeouts) {
    return new LifecycleStats(created.get(), destroyed.get(), inUse, idle, waiting, waitTimeouts);
  }

  final String describe() {
    return lifecycle().configName() + " servant " + servantName;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "{" + servantName + ", " + stats() + "}";
  }
}
