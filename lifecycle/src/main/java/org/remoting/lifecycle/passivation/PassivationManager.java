package org.remoting.lifecycle.passivation;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.remoting.ObjectNotFoundException;
import org.remoting.Passivatable;
import org.remoting.ServantBusyException;
import org.remoting.lifecycle.ServantCreationException;
import org.remoting.lifecycle.store.StateCodec;
import org.remoting.lifecycle.store.StateStore;
import org.remoting.time.Scheduler;
import org.remoting.time.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The passivated lifecycle of one servant (service): at most one instance per object id while the
 * object is in use, its state saved to a {@link StateStore} and the instance dropped when the
 * object goes idle or too many are active, and restored by the next call for the id.
 *
 * <p><b>Calls.</b> The invoker brackets every call with {@link #acquire} and {@link #release}, on
 * every path. {@code acquire} returns the object's live instance, or activates it: the factory
 * creates an instance for the id, and if the store holds state for the id,
 * {@link Passivatable#activate} receives it (decoded by the {@link StateCodec}) before any call
 * runs on the instance. An id with no stored state gets a fresh instance from the factory, unless
 * {@linkplain Builder#createUnknown creating unknown objects} is off. Calls on one instance run
 * concurrently, so servants must be thread-safe (the {@code shared} concurrency); this class has no
 * {@code serialized} mode.
 *
 * <p><b>Passivation</b> calls {@link Passivatable#passivate()}, encodes the state, saves it with
 * {@link StateStore#save} (unless the bytes equal those this manager last loaded or saved for the
 * object, so objects that were only read cost no write), and drops the instance (closing it if it
 * is {@link AutoCloseable}). It happens only when the object has no call in flight, and while it
 * happens, calls for the id wait (up to their timeout, measured in real time like every wait here);
 * when it is done they activate a new instance from the saved state. So no update is lost, and
 * there is never more than one live instance of an id: the next instance is created only after the
 * previous one was dropped. Objects are passivated:
 *
 * <ul>
 *   <li>after {@link PassivationPolicy#idle()} without calls, by the {@link Ticker}: a sweep on the
 *       {@link Scheduler} runs when the least recently used idle object becomes due (at most every
 *       millisecond), and passivates every due object. Store I/O runs on the scheduler's thread;
 *       give the manager a scheduler that may block for it.
 *   <li>when more than {@link PassivationPolicy#maxActive()} objects are active, least recently
 *       used first, down to {@code maxActive}: by the {@code acquire} that activates one more
 *       object, on the caller's thread and before that object's instance is created, and by the
 *       sweep. Objects with calls in flight are skipped, so the limit is soft while they are busy.
 *   <li>by {@link #passivateAll} and {@link #close()}.
 * </ul>
 *
 * <p>If passivation fails (the hook, the codec or the store throws), the failure is logged, the
 * stored state is unchanged and the instance stays active, to be tried again later; after
 * {@link #close()} it is dropped instead and its unsaved state is lost (logged as an error).
 * {@code passivate()} should therefore not change the instance.
 *
 * <p><b>Shutdown.</b> {@link #close()} rejects new calls and passivates the idle objects; objects
 * with calls in flight are passivated when their last call is released. {@link #passivateAll}
 * afterwards waits for that, so a graceful shutdown is {@code close()}, then
 * {@code passivateAll(maxWait)}, then closing the store (which the manager does not own).
 *
 * <p>State machine: new → {@link #start()} → running → {@link #close()} → closed. Thread-safe.
 *
 * @param <T> the servant type
 */
public final class PassivationManager<T> {
  private static final Logger log = LoggerFactory.getLogger(PassivationManager.class);
  private static final long MIN_SWEEP_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private enum State {
    NEW,
    RUNNING,
    CLOSED
  }

  private enum Phase {
    /** The acquiring thread is loading, creating and restoring the instance. */
    ACTIVATING,
    /** Serving calls. */
    ACTIVE,
    /** Waiting for its calls in flight to end, to be passivated; new calls wait. */
    DRAINING,
    /** Being saved and dropped by one thread; new calls wait. */
    PASSIVATING
  }

  private final String service;
  private final Function<String, ? extends T> factory;
  private final Function<? super T, byte[]> saveState;
  private final BiConsumer<? super T, byte[]> restoreState;
  private final StateStore store;
  private final PassivationPolicy policy;
  private final Ticker ticker;
  private final Scheduler scheduler;
  private final boolean createUnknown;
  private final long idleNanos;

  private final ReentrantLock lock = new ReentrantLock();

  /** Signalled whenever an entry changes phase or is removed. */
  private final Condition changed = lock.newCondition();

  // All guarded by lock. Access order: least recently used first. An idle entry's position is
  // that of its last release, so idle entries are also ordered by lastUse.
  private final LinkedHashMap<String, Entry<T>> entries = new LinkedHashMap<>(16, 0.75f, true);
  private int leaving; // entries DRAINING or PASSIVATING
  private int inUse;
  private State state = State.NEW;
  private Scheduler.Cancellable sweep;
  private long creations;
  private long activations;
  private long passivations;
  private long failedPassivations;
  private long waitTimeouts;
  private boolean lostStateWhileClosing;

  private final AtomicLong storeLoads = new AtomicLong();
  private final AtomicLong storeLoadNanos = new AtomicLong();
  private final AtomicLong storeSaves = new AtomicLong();
  private final AtomicLong storeSaveNanos = new AtomicLong();

  private PassivationManager(Builder<T> builder) {
    this.service = builder.service;
    this.factory = builder.factory;
    this.saveState = builder.saveState;
    this.restoreState = builder.restoreState;
    this.store = builder.store;
    this.policy = builder.policy != null ? builder.policy : PassivationPolicy.DEFAULT;
    this.ticker = builder.ticker != null ? builder.ticker : Ticker.system();
    this.scheduler = builder.scheduler;
    this.createUnknown = builder.createUnknown == null || builder.createUnknown;
    this.idleNanos = saturatedNanos(policy.idle());
  }

  /**
   * Starts building the manager of a servant whose instances implement {@link Passivatable}.
   *
   * @param service the service name, for the store's keys, log lines and exception messages
   * @param factory creates the instance for an object id; may be called concurrently for different
   *     ids (never for one id at once); a failure becomes a {@link ServantCreationException}
   * @param codec encodes the state returned by {@link Passivatable#passivate()} for the store
   * @throws NullPointerException if an argument is null
   */
  public static <T extends Passivatable<S>, S> Builder<T> builder(
      String service, Function<String, ? extends T> factory, StateCodec<S> codec) {
    requireNonNull(service, "service");
    requireNonNull(factory, "factory");
    requireNonNull(codec, "codec");
    return new Builder<>(
        service,
        factory,
        instance -> {
          S state = instance.passivate();
          if (state == null) {
            throw new IllegalStateException("passivate() returned null");
          }
          return requireNonNull(codec.encode(state), "the state codec returned null");
        },
        (instance, bytes) -> instance.activate(codec.decode(bytes)));
  }

  /** The service name this manager serves. */
  public String service() {
    return service;
  }

  /** The policy this manager follows. */
  public PassivationPolicy policy() {
    return policy;
  }

  /**
   * Starts the manager: schedules the idle sweep.
   *
   * @throws IllegalStateException if already started or closed
   */
  public void start() {
    lock.lock();
    try {
      if (state != State.NEW) {
        throw new IllegalStateException(describe() + " cannot start: it is " + stateName());
      }
      state = State.RUNNING;
      scheduleSweep(idleNanos);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Like {@link #acquire(String, long, TimeUnit)} with no time limit.
   *
   * @throws InterruptedException if interrupted while waiting for the object
   */
  public T acquire(String objectId) throws InterruptedException {
    return acquire(objectId, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
  }

  /**
   * Returns the object's live instance to run one call on, activating the object if it is not
   * active. If the object is being activated or passivated by another thread, waits for that to
   * finish, at most {@code timeout}. Activating one object more than {@code maxActive} first
   * passivates the least recently used idle objects, on this thread.
   *
   * @param timeout the longest to wait (in real time) for an activation or passivation of the
   *     object by another thread, usually the call's remaining deadline; store I/O done by this
   *     thread is not bounded by it
   * @throws ObjectNotFoundException if the store has no state for the id and creating unknown
   *     objects is off
   * @throws ServantCreationException if loading, decoding or restoring the state, or the factory,
   *     failed; the stored state is unchanged
   * @throws ServantBusyException if the object stayed in activation or passivation for
   *     {@code timeout}
   * @throws InterruptedException if interrupted while waiting
   * @throws IllegalStateException if the manager is not running
   */
  public T acquire(String objectId, long timeout, TimeUnit unit) throws InterruptedException {
    requireNonNull(objectId, "objectId");
    requireNonNull(unit, "unit");
    long start = System.nanoTime();
    long waitNanos = unit.toNanos(timeout);
    Entry<T> activating;
    List<Entry<T>> victims;
    lock.lock();
    try {
      while (true) {
        checkRunning();
        Entry<T> entry = entries.get(objectId);
        if (entry == null) {
          activating = new Entry<>(objectId);
          entries.put(objectId, activating);
          victims = victimsOverLimit();
          break;
        }
        if (entry.phase == Phase.ACTIVE) {
          entry.calls++;
          inUse++;
          return entry.instance;
        }
        long remaining = waitNanos - (System.nanoTime() - start);
        if (remaining <= 0) {
          waitTimeouts++;
          throw new ServantBusyException(
              "object "
                  + objectId
                  + " of passivated servant "
                  + service
                  + " is being "
                  + (entry.phase == Phase.ACTIVATING ? "activated" : "passivated")
                  + "; waited "
                  + TimeUnit.NANOSECONDS.toMillis(Math.max(waitNanos, 0))
                  + " ms");
        }
        changed.awaitNanos(remaining);
      }
    } finally {
      lock.unlock();
    }
    try {
      passivateEach(victims);
    } catch (Error e) { // from a hook: give up the activation too
      remove(activating);
      throw e;
    }
    return activate(activating);
  }

  /**
   * Ends a call started by {@link #acquire}: exactly once per acquire, with the instance it
   * returned. Records the time of last use; if the object is to be passivated once its calls end
   * ({@link #passivateAll}, {@link #close()}) and this was its last call, passivates it on this
   * thread. Never throws: an unknown instance is logged and ignored, passivation failures are
   * logged.
   */
  public void release(String objectId, T instance) {
    Entry<T> drained = null;
    boolean unknown = false;
    lock.lock();
    try {
      Entry<T> entry = objectId == null ? null : entries.get(objectId);
      if (entry == null || instance == null || entry.instance != instance || entry.calls == 0) {
        unknown = true;
      } else {
        entry.calls--;
        inUse--;
        entry.lastUse = ticker.read();
        if (entry.calls == 0 && entry.phase == Phase.DRAINING) {
          entry.phase = Phase.PASSIVATING;
          drained = entry;
        }
      }
    } finally {
      lock.unlock();
    }
    if (unknown) {
      log.warn(
          "ignoring a release of object {} of passivated servant {} that holds no call",
          objectId,
          service);
    } else if (drained != null) {
      passivate(drained);
    }
  }

  /**
   * Passivates every active object, waiting up to {@code maxWait} for calls in flight to end.
   * Meanwhile, new calls for the objects being passivated wait, and then activate them again; calls
   * for other objects are served as usual. Objects still busy after {@code maxWait} stay active.
   * After {@link #close()}, waits (up to {@code maxWait}) until every remaining object, including
   * those activated by calls already under way, has been passivated.
   *
   * @return true if every object that was active has been passivated, false if some stayed busy or
   *     failed to passivate (after {@code close()}: if any object since the close did)
   * @throws IllegalArgumentException if {@code maxWait} is negative
   * @throws InterruptedException if interrupted while waiting; objects not yet passivated stay
   *     active
   */
  public boolean passivateAll(Duration maxWait) throws InterruptedException {
    requireNonNull(maxWait, "maxWait");
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("maxWait must be >= 0, got " + maxWait);
    }
    long start = System.nanoTime();
    long waitNanos = saturatedNanos(maxWait);
    List<Entry<T>> victims = new ArrayList<>();
    List<Entry<T>> pending = new ArrayList<>();
    lock.lock();
    try {
      if (state == State.NEW) {
        return true;
      }
      for (Entry<T> entry : entries.values()) {
        switch (entry.phase) {
          case ACTIVE -> {
            if (entry.calls == 0) {
              startPassivating(entry);
              victims.add(entry);
            } else {
              entry.phase = Phase.DRAINING;
              leaving++;
            }
            pending.add(entry);
          }
          case DRAINING, PASSIVATING -> pending.add(entry);
          case ACTIVATING -> {
            if (state == State.CLOSED) { // will be drained when released
              pending.add(entry);
            }
          }
        }
      }
    } finally {
      lock.unlock();
    }
    passivateEach(victims);
    boolean allSaved = true;
    lock.lock();
    try {
      while (true) {
        for (var it = pending.iterator(); it.hasNext(); ) {
          Entry<T> entry = it.next();
          if (entry.removed || entry.phase == Phase.ACTIVE) {
            allSaved &= entry.removed && !entry.saveFailed;
            it.remove();
          }
        }
        if (pending.isEmpty()) {
          return allSaved && !(state == State.CLOSED && lostStateWhileClosing);
        }
        long remaining = waitNanos - (System.nanoTime() - start);
        if (remaining <= 0) {
          log.warn(
              "{} objects of passivated servant {} were still busy after {}; not passivated",
              pending.size(),
              service,
              maxWait);
          return false;
        }
        changed.awaitNanos(remaining);
      }
    } finally {
      if (state == State.RUNNING) { // give up on the objects still busy
        boolean reverted = false;
        for (Entry<T> entry : pending) {
          if (!entry.removed && entry.phase == Phase.DRAINING) {
            entry.phase = Phase.ACTIVE;
            leaving--;
            reverted = true;
          }
        }
        if (reverted) {
          changed.signalAll();
        }
      }
      lock.unlock();
    }
  }

  /**
   * Stops the manager: new calls fail with {@link IllegalStateException} (so do calls waiting for
   * an object), the sweep is cancelled, idle objects are passivated now on this thread, and busy
   * ones when their last call is released. Does not wait for those (see {@link #passivateAll}) and
   * does not close the store. Idempotent.
   */
  public void close() {
    List<Entry<T>> victims = new ArrayList<>();
    lock.lock();
    try {
      if (state == State.CLOSED) {
        return;
      }
      state = State.CLOSED;
      if (sweep != null) {
        sweep.cancel();
        sweep = null;
      }
      for (Entry<T> entry : entries.values()) {
        if (entry.isIdle()) {
          startPassivating(entry);
          victims.add(entry);
        } else if (entry.phase == Phase.ACTIVE) {
          entry.phase = Phase.DRAINING;
          leaving++;
        }
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    passivateEach(victims);
  }

  /** A snapshot of this manager's counters. */
  public PassivationStats stats() {
    lock.lock();
    try {
      return new PassivationStats(
          entries.size(),
          inUse,
          creations,
          activations,
          passivations,
          failedPassivations,
          waitTimeouts,
          storeLoads.get(),
          storeLoadNanos.get(),
          storeSaves.get(),
          storeSaveNanos.get());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "PassivationManager{" + service + ", " + stats() + "}";
  }

  // ---- activation ----

  /** Loads, creates and restores the instance of an entry this thread added as ACTIVATING. */
  private T activate(Entry<T> entry) {
    String id = entry.id;
    T instance = null;
    boolean restored;
    byte[] stored;
    try {
      Optional<byte[]> state = load(id);
      stored = state.orElse(null);
      if (state.isEmpty() && !createUnknown) {
        throw new ObjectNotFoundException(
            "no object "
                + id
                + " in service "
                + service
                + ": it has no stored state and creating unknown objects is disabled");
      }
      instance = create(id);
      restored = state.isPresent();
      if (restored) {
        try {
          restoreState.accept(instance, state.get().clone());
        } catch (RuntimeException e) {
          throw new ServantCreationException(
              "could not restore object "
                  + id
                  + " of passivated servant "
                  + service
                  + " from its stored state: "
                  + e,
              e);
        }
      }
    } catch (RuntimeException | Error e) {
      if (instance != null) {
        discard(id, instance);
      }
      remove(entry);
      throw e;
    }
    lock.lock();
    try {
      entry.instance = instance;
      entry.stored = stored;
      entry.calls = 1;
      inUse++;
      if (restored) {
        activations++;
      } else {
        creations++;
      }
      if (state == State.CLOSED) { // closed meanwhile: this call runs, then the object goes
        entry.phase = Phase.DRAINING;
        leaving++;
      } else {
        entry.phase = Phase.ACTIVE;
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    log.debug(
        "{} object {} of passivated servant {}", restored ? "activated" : "created", id, service);
    return instance;
  }

  private Optional<byte[]> load(String id) {
    long start = ticker.read();
    try {
      return requireNonNull(store.load(service, id), "StateStore.load returned null");
    } catch (RuntimeException e) {
      throw new ServantCreationException(
          "could not load the state of object "
              + id
              + " of passivated servant "
              + service
              + ": "
              + e,
          e);
    } finally {
      storeLoads.incrementAndGet();
      storeLoadNanos.addAndGet(ticker.read() - start);
    }
  }

  private T create(String id) {
    T instance;
    try {
      instance = factory.apply(id);
      if (instance == null) {
        throw new NullPointerException("the servant factory returned null");
      }
    } catch (RuntimeException e) {
      throw new ServantCreationException(
          "could not create servant " + service + " for object " + id + ": " + e, e);
    }
    if (!(instance instanceof Passivatable<?>)) {
      discard(id, instance);
      throw new ServantCreationException(
          "passivated servant "
              + service
              + ": the factory returned a "
              + instance.getClass().getName()
              + ", which does not implement "
              + Passivatable.class.getName(),
          null);
    }
    return instance;
  }

  /** Removes an entry whose activation failed, and wakes the calls waiting for it. */
  private void remove(Entry<T> entry) {
    lock.lock();
    try {
      entries.remove(entry.id);
      entry.removed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  // ---- passivation ----

  /** Marks an idle entry for passivation by this thread. Called under the lock. */
  private void startPassivating(Entry<T> entry) {
    entry.phase = Phase.PASSIVATING;
    leaving++;
  }

  /** Marks least recently used idle entries while more than maxActive. Called under the lock. */
  private List<Entry<T>> victimsOverLimit() {
    int excess = entries.size() - leaving - policy.maxActive();
    if (excess <= 0) {
      return List.of();
    }
    List<Entry<T>> victims = new ArrayList<>(excess);
    for (Entry<T> entry : entries.values()) {
      if (excess == 0) {
        break;
      }
      if (entry.isIdle()) {
        startPassivating(entry);
        victims.add(entry);
        excess--;
      }
    }
    return victims;
  }

  /**
   * Saves and drops a PASSIVATING entry's instance. On failure, logs and reverts the entry to
   * ACTIVE (running) or drops it unsaved (closed). Never throws, but rethrows an {@link Error}.
   */
  private void passivate(Entry<T> entry) {
    String id = entry.id;
    T instance = entry.instance;
    try {
      byte[] bytes = saveState.apply(instance);
      if (!Arrays.equals(bytes, entry.stored)) {
        save(id, bytes);
        entry.stored = bytes;
      }
    } catch (RuntimeException | Error e) {
      passivationFailed(entry, e);
      if (e instanceof Error error) {
        throw error;
      }
      return;
    }
    discard(id, instance);
    lock.lock();
    try {
      entries.remove(id);
      entry.removed = true;
      entry.instance = null;
      leaving--;
      passivations++;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    log.debug("passivated object {} of passivated servant {}", id, service);
  }

  /** Passivates each entry, even if one throws an {@link Error}; rethrows the first. */
  private void passivateEach(List<Entry<T>> victims) {
    Error error = null;
    for (Entry<T> victim : victims) {
      try {
        passivate(victim);
      } catch (Error e) {
        if (error == null) {
          error = e;
        }
      }
    }
    if (error != null) {
      throw error;
    }
  }

  private void save(String id, byte[] bytes) {
    long start = ticker.read();
    try {
      store.save(service, id, bytes);
    } finally {
      storeSaves.incrementAndGet();
      storeSaveNanos.addAndGet(ticker.read() - start);
    }
  }

  private void passivationFailed(Entry<T> entry, Throwable failure) {
    boolean drop;
    lock.lock();
    try {
      failedPassivations++;
      leaving--;
      drop = state == State.CLOSED;
      if (drop) {
        lostStateWhileClosing = true;
        entries.remove(entry.id);
        entry.removed = true;
        entry.saveFailed = true;
      } else {
        entry.phase = Phase.ACTIVE;
        entry.lastUse = ticker.read();
        entries.get(entry.id); // most recently used again: retried after another idle period
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (drop) {
      log.error(
          "could not passivate object {} of passivated servant {} while closing; dropping it,"
              + " its state since the last passivation is lost",
          entry.id,
          service,
          failure);
      discard(entry.id, entry.instance);
    } else {
      log.warn(
          "could not passivate object {} of passivated servant {}; it stays active",
          entry.id,
          service,
          failure);
    }
  }

  /** Closes an instance that is being dropped, if it is {@link AutoCloseable}. */
  private void discard(String id, T instance) {
    if (instance instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        log.warn("closing object {} of passivated servant {} failed", id, service, e);
      }
    }
  }

  // ---- idle sweep ----

  /** Schedules the sweep unless closed. Called under the lock. */
  private void scheduleSweep(long delayNanos) {
    if (state == State.RUNNING) {
      sweep = scheduler.schedule(this::sweep, delayNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void sweep() {
    List<Entry<T>> victims = new ArrayList<>();
    long nextDelay = idleNanos;
    lock.lock();
    try {
      if (state != State.RUNNING) {
        return;
      }
      long now = ticker.read();
      for (Entry<T> entry : entries.values()) {
        if (!entry.isIdle()) {
          continue;
        }
        long idleFor = now - entry.lastUse;
        if (idleFor < idleNanos) { // idle entries are in lastUse order: the rest are newer
          nextDelay = idleNanos - idleFor;
          break;
        }
        startPassivating(entry);
        victims.add(entry);
      }
      victims.addAll(victimsOverLimit());
    } finally {
      lock.unlock();
    }
    if (!victims.isEmpty()) {
      log.debug("passivating {} objects of passivated servant {}", victims.size(), service);
    }
    try {
      passivateEach(victims);
    } finally {
      lock.lock();
      try {
        scheduleSweep(Math.max(nextDelay, MIN_SWEEP_DELAY_NANOS));
      } finally {
        lock.unlock();
      }
    }
  }

  // ---- helpers ----

  private void checkRunning() {
    if (state != State.RUNNING) {
      throw new IllegalStateException(describe() + " is " + stateName());
    }
  }

  private String stateName() {
    return state == State.NEW ? "not started" : state == State.RUNNING ? "running" : "closed";
  }

  private String describe() {
    return "passivated servant " + service;
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** One object id's slot. Fields guarded by the manager's lock. */
  private static final class Entry<T> {
    final String id;
    Phase phase = Phase.ACTIVATING;
    T instance;
    int calls;
    long lastUse;
    byte[] stored; // the state last loaded or saved, to skip saving it again unchanged
    boolean removed;
    boolean saveFailed;

    Entry(String id) {
      this.id = id;
    }

    boolean isIdle() {
      return phase == Phase.ACTIVE && calls == 0;
    }
  }

  /**
   * Configures a {@link PassivationManager}. Each option may be set once. Not thread-safe.
   *
   * @param <T> the servant type
   */
  public static final class Builder<T> {
    private final String service;
    private final Function<String, ? extends T> factory;
    private final Function<? super T, byte[]> saveState;
    private final BiConsumer<? super T, byte[]> restoreState;
    private PassivationPolicy policy;
    private StateStore store;
    private Ticker ticker;
    private Scheduler scheduler;
    private Boolean createUnknown;

    private Builder(
        String service,
        Function<String, ? extends T> factory,
        Function<? super T, byte[]> saveState,
        BiConsumer<? super T, byte[]> restoreState) {
      this.service = service;
      this.factory = factory;
      this.saveState = saveState;
      this.restoreState = restoreState;
    }

    /** Idle time and max-active; default {@link PassivationPolicy#DEFAULT}. */
    public Builder<T> policy(PassivationPolicy policy) {
      checkUnset(this.policy, "policy");
      this.policy = requireNonNull(policy, "policy");
      return this;
    }

    /** Where state is saved. Required. The manager uses the store but never closes it. */
    public Builder<T> store(StateStore store) {
      checkUnset(this.store, "store");
      this.store = requireNonNull(store, "store");
      return this;
    }

    /** The time source for idle passivation and store timings; default {@link Ticker#system()}. */
    public Builder<T> ticker(Ticker ticker) {
      checkUnset(this.ticker, "ticker");
      this.ticker = requireNonNull(ticker, "ticker");
      return this;
    }

    /** Runs the idle sweep, which does store I/O on the scheduler's thread. Required. */
    public Builder<T> scheduler(Scheduler scheduler) {
      checkUnset(this.scheduler, "scheduler");
      this.scheduler = requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Whether {@code acquire} of an id with no stored state creates the object with the factory
     * (default true); if false, it throws {@link ObjectNotFoundException} instead.
     */
    public Builder<T> createUnknown(boolean createUnknown) {
      checkUnset(this.createUnknown, "createUnknown");
      this.createUnknown = createUnknown;
      return this;
    }

    /**
     * Returns a new, not yet started manager.
     *
     * @throws IllegalStateException if the store or the scheduler is not set
     */
    public PassivationManager<T> build() {
      if (store == null) {
        throw new IllegalStateException(
            "passivated servant " + service + " needs a state store: call store(...)");
      }
      if (scheduler == null) {
        throw new IllegalStateException(
            "passivated servant " + service + " needs a scheduler: call scheduler(...)");
      }
      return new PassivationManager<>(this);
    }

    private void checkUnset(Object current, String option) {
      if (current != null) {
        throw new IllegalStateException(option + " was already set");
      }
    }
  }
}
