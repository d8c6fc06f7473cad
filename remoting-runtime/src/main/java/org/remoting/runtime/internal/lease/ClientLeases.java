package org.remoting.runtime.internal.lease;

import static java.util.Objects.requireNonNull;

import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.remoting.AccessDeniedException;
import org.remoting.ObjectNotFoundException;
import org.remoting.runtime.internal.DaemonThreads;
import org.remoting.time.Scheduler;
import org.remoting.time.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leases one client connection holds on its server, kept alive like RMI's distributed garbage
 * collector: one {@link LeaseService#renew} call per interval renews all of them (the interval is
 * half the shortest lease seen), and objects whose proxies were garbage collected are released in
 * batches. A proxy holds its {@link LeaseToken} strongly; the token is registered with a {@link
 * Cleaner}, so the object is released once no proxy of it is reachable.
 *
 * <p>Renewals run on the {@link Scheduler} (a fake clock in tests); releases of collected proxies
 * run on a thread of their own, so they never wait for the clock. Thread-safe.
 */
public final class ClientLeases implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClientLeases.class);
  private static final Cleaner CLEANER =
      Cleaner.create(DaemonThreads.named("remoting-lease-cleaner"));
  /** The most object ids in one renew or release call. */
  static final int MAX_IDS_PER_CALL = 100_000;
  private static final long MIN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final String target;
  private final Function<Duration, LeaseService> service;
  private final Ticker ticker;
  private final Scheduler scheduler;
  private final Executor releaser;

  /** The objects held, each with a weak reference to its live token. */
  private final ConcurrentHashMap<LeasedObject, Hold> held = new ConcurrentHashMap<>();
  /** Objects whose tokens were collected, waiting to be released. */
  private final ConcurrentLinkedQueue<LeasedObject> dropped = new ConcurrentLinkedQueue<>();

  private final Object scheduleLock = new Object();
  private long intervalNanos = Long.MAX_VALUE; // guarded by scheduleLock
  private Scheduler.Cancellable next; // guarded by scheduleLock
  private long nextAt; // guarded by scheduleLock
  private boolean closed; // guarded by scheduleLock
  private boolean failing; // touched by the renewal task only

  /**
   * @param target the server, for log lines
   * @param service the server's lease service, with a deadline of at most the given duration
   *     (null: the client's deadline)
   * @param ticker the time source of the renewal schedule
   * @param scheduler runs renewals
   * @param releaser runs batched releases of collected proxies
   */
  public ClientLeases(
      String target,
      Function<Duration, LeaseService> service,
      Ticker ticker,
      Scheduler scheduler,
      Executor releaser) {
    this.target = requireNonNull(target, "target");
    this.service = requireNonNull(service, "service");
    this.ticker = requireNonNull(ticker, "ticker");
    this.scheduler = requireNonNull(scheduler, "scheduler");
    this.releaser = requireNonNull(releaser, "releaser");
  }

  /**
   * The token of object {@code objectId} of {@code service}, granted {@code lease}: the live one
   * if a proxy of the object is still reachable, else a new one. Schedules renewals.
   */
  public LeaseToken hold(String service, String objectId, Duration lease) {
    LeasedObject object = new LeasedObject(service, objectId);
    while (true) {
      Hold current = held.get(object);
      LeaseToken live = current == null ? null : current.token.get();
      if (live != null) {
        return live;
      }
      LeaseToken token = new LeaseToken(this, object, lease);
      Hold hold = new Hold(token);
      if (current == null ? held.putIfAbsent(object, hold) == null
          : held.replace(object, current, hold)) {
        // The action must not reach the token, or the token would never become unreachable.
        hold.cleanable = CLEANER.register(token, () -> collected(object, hold));
        scheduleRenewals(lease);
        return token;
      }
    }
  }

  /** How many objects this client holds on the server. */
  public int size() {
    return held.size();
  }

  /** The cleaner's action: every proxy of the object is gone. */
  private void collected(LeasedObject object, Hold hold) {
    if (held.remove(object, hold)) {
      dropped.add(object);
      try {
        releaser.execute(this::releaseDropped);
      } catch (RuntimeException e) { // the client is closing
        log.debug("not releasing {} on {}: {}", object, target, e.toString());
      }
    }
  }

  /** Releases, in one call, the objects whose proxies were collected. */
  private void releaseDropped() {
    List<LeasedObject> released = new ArrayList<>();
    for (LeasedObject object = dropped.poll(); object != null; object = dropped.poll()) {
      if (!held.containsKey(object)) { // a reference that arrived meanwhile holds it again
        released.add(object);
      }
    }
    Map<String, List<String>> groups = byService(released);
    if (!groups.isEmpty()) {
      try {
        releaseAll(groups);
        log.debug("released {} collected objects on {}", groups, target);
      } catch (RuntimeException e) {
        log.debug("releasing collected objects on {} failed; their leases will expire", target, e);
      }
    }
  }

  /** Explicit release: ends the lease now, with one call. */
  boolean release(LeaseToken token) {
    Hold hold = held.get(token.key());
    if (hold == null || hold.token.get() != token || !held.remove(token.key(), hold)) {
      return false;
    }
    if (hold.cleanable != null) {
      hold.cleanable.clean(); // runs nothing more: the hold is gone
    }
    LeasedObject object = token.key();
    service.apply(null).release(List.of(new LeaseGroup(object.service(), List.of(object.objectId()))));
    return true;
  }

  Duration renew(LeaseToken token, Duration duration) {
    LeasedObject object = token.key();
    RenewReply reply =
        service.apply(null).renew(
            List.of(new LeaseGroup(object.service(), List.of(object.objectId()))), duration);
    if (!reply.denied().isEmpty()) {
      held.remove(object);
      throw new AccessDeniedException(
          "the lease of " + object + " on " + target + " cannot be renewed: the object belongs to"
              + " another client identity");
    }
    if (reply.shortest() == null) {
      held.remove(object);
      throw new ObjectNotFoundException(
          "the lease of " + object + " on " + target + " has ended; it cannot be renewed");
    }
    return reply.shortest();
  }

  Optional<Duration> remaining(LeaseToken token) {
    return service.apply(null).remaining(token.key().service(), token.key().objectId());
  }

  /**
   * The lease service with a deadline of half the renewal interval (at most the client's): a
   * renewal that hangs (a connection dropped silently) must end in time for its retry to run
   * before the leases do.
   */
  private LeaseService renewer() {
    long interval;
    synchronized (scheduleLock) {
      interval = intervalNanos;
    }
    return service.apply(Duration.ofNanos(Math.max(MIN_INTERVAL_NANOS, interval / 2)));
  }

  /** Makes sure a renewal runs within half of {@code lease} from now. */
  private void scheduleRenewals(Duration lease) {
    long half = Math.max(MIN_INTERVAL_NANOS, saturatedNanos(lease) / 2);
    synchronized (scheduleLock) {
      if (closed) {
        return;
      }
      intervalNanos = Math.min(intervalNanos, half);
      long now = ticker.read();
      if (next == null || nextAt - (now + intervalNanos) > 0) {
        scheduleLocked(now, intervalNanos);
      }
    }
  }

  private void scheduleLocked(long now, long delayNanos) {
    if (next != null) {
      next.cancel();
    }
    nextAt = now + delayNanos;
    next = scheduler.schedule(this::renewAll, delayNanos, TimeUnit.NANOSECONDS);
  }

  /**
   * The renewal task: renews every held object in one call, then schedules the next, after the
   * interval, or after a quarter of it when the call failed: at the full interval the retry
   * would come when the leases end, so one lost renewal would lose every object.
   */
  private void renewAll() {
    synchronized (scheduleLock) {
      next = null;
      if (closed) {
        return;
      }
    }
    Map<String, List<String>> groups = byService(held.keySet());
    if (groups.isEmpty()) {
      return; // the next hold schedules again
    }
    boolean renewed = false;
    try {
      List<LeaseGroup> missing = new ArrayList<>();
      List<LeaseGroup> denied = new ArrayList<>();
      for (List<LeaseGroup> batch : batches(groups)) { // one call per MAX_IDS_PER_CALL objects
        RenewReply reply = renewer().renew(batch, null);
        missing.addAll(reply.missing());
        denied.addAll(reply.denied());
      }
      int lost = forget(missing);
      if (lost > 0) {
        log.warn("{} leased objects on {} had expired before their renewal", lost, target);
      }
      int refused = forget(denied);
      if (refused > 0) {
        log.warn("{} leased objects on {} belong to another client identity; not renewing them",
            refused, target);
      }
      if (failing) {
        failing = false;
        log.info("lease renewal on {} works again", target);
      }
      renewed = true;
    } catch (RuntimeException e) {
      if (!failing) {
        failing = true;
        log.warn("renewing {} leases on {} failed; retrying: {}", held.size(), target, e.toString());
      }
    }
    synchronized (scheduleLock) {
      long delay = renewed ? intervalNanos : Math.max(MIN_INTERVAL_NANOS, intervalNanos / 4);
      long now = ticker.read();
      // A hold during the call may have scheduled the next renewal already, maybe too late.
      if (!closed && !held.isEmpty() && (next == null || nextAt - (now + delay) > 0)) {
        scheduleLocked(now, delay);
      }
    }
  }

  /**
   * Stops renewing and releases every object held, in one call (best effort: the leases expire
   * anyway). Idempotent.
   */
  @Override
  public void close() {
    synchronized (scheduleLock) {
      if (closed) {
        return;
      }
      closed = true;
      if (next != null) {
        next.cancel();
        next = null;
      }
    }
    Map<String, List<String>> groups = byService(held.keySet());
    held.clear();
    if (!groups.isEmpty()) {
      try {
        releaseAll(groups);
      } catch (RuntimeException e) {
        log.debug("releasing leases on {} at close failed; they will expire", target, e);
      }
    }
  }

  /** The ids of {@code objects}, grouped by service, services in the order first met. */
  private static Map<String, List<String>> byService(Iterable<LeasedObject> objects) {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (LeasedObject object : objects) {
      groups.computeIfAbsent(object.service(), s -> new ArrayList<>()).add(object.objectId());
    }
    return groups;
  }

  /** Releases the objects, in calls of at most {@link #MAX_IDS_PER_CALL} ids. */
  private void releaseAll(Map<String, List<String>> groups) {
    for (List<LeaseGroup> batch : batches(groups)) {
      service.apply(null).release(batch);
    }
  }

  /** Stops holding the objects the server reported; returns how many this client held. */
  private int forget(List<LeaseGroup> groups) {
    int forgotten = 0;
    for (LeaseGroup group : groups) {
      for (String id : group.objectIds()) {
        if (held.remove(new LeasedObject(group.service(), id)) != null) {
          forgotten++;
        }
      }
    }
    return forgotten;
  }

  /**
   * The groups in calls of at most {@link #MAX_IDS_PER_CALL} ids each, so that a request stays
   * well under the server's default 4 MiB message limit (an id costs 24 bytes): one call per
   * interval up to 100,000 objects, one more per 100,000 beyond.
   */
  static List<List<LeaseGroup>> batches(Map<String, List<String>> groups) {
    List<List<LeaseGroup>> batches = new ArrayList<>();
    List<LeaseGroup> batch = new ArrayList<>();
    int room = MAX_IDS_PER_CALL;
    for (Map.Entry<String, List<String>> group : groups.entrySet()) {
      List<String> ids = group.getValue();
      for (int from = 0; from < ids.size(); ) {
        if (room == 0) {
          batches.add(batch);
          batch = new ArrayList<>();
          room = MAX_IDS_PER_CALL;
        }
        int to = Math.min(ids.size(), from + room);
        batch.add(new LeaseGroup(group.getKey(), List.copyOf(ids.subList(from, to))));
        room -= to - from;
        from = to;
      }
    }
    if (!batch.isEmpty()) {
      batches.add(batch);
    }
    return batches;
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** A held object: a weak reference to its token, and the token's cleaner registration. */
  private static final class Hold {
    final WeakReference<LeaseToken> token;
    volatile Cleaner.Cleanable cleanable;

    Hold(LeaseToken token) {
      this.token = new WeakReference<>(token);
    }
  }
}
