package org.remoting.runtime.internal.lease;

import static java.util.Objects.requireNonNull;

import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.ToLongFunction;
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
 * <p>For each object held it remembers the highest grant number of the references received, and
 * releases the object with it: the server ignores the release if it has handed out a newer
 * reference meanwhile (one that may be arriving here while the release is in flight).
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
  private final ConcurrentLinkedQueue<Dropped> dropped = new ConcurrentLinkedQueue<>();

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
   * The token of object {@code objectId} of {@code service}, received in a reference that was
   * granted {@code lease} and carried grant number {@code grant} (0 if none): the live one if a
   * proxy of the object is still reachable, which then remembers the higher of its grant and
   * this one, else a new one with this grant. Schedules renewals.
   */
  public LeaseToken hold(String service, String objectId, Duration lease, long grant) {
    LeasedObject object = new LeasedObject(service, objectId);
    while (true) {
      Hold current = held.get(object);
      LeaseToken live = current == null ? null : current.token.get();
      if (live != null) {
        current.received(grant);
        return live;
      }
      LeaseToken token = new LeaseToken(this, object, lease);
      // A collected token whose cleaner has not run yet may have received a higher grant.
      Hold hold = new Hold(token, current == null ? grant : Math.max(grant, current.grant()));
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
      dropped.add(new Dropped(object, hold.grant()));
      try {
        releaser.execute(this::releaseDropped);
      } catch (RuntimeException e) { // the client is closing
        log.debug("not releasing {} on {}: {}", object, target, e.toString());
      }
    }
  }

  /** Releases, in one call, the objects whose proxies were collected, with their grants. */
  private void releaseDropped() {
    Map<LeasedObject, Long> released = new LinkedHashMap<>();
    for (Dropped next = dropped.poll(); next != null; next = dropped.poll()) {
      Hold again = held.get(next.object());
      if (again == null) {
        released.merge(next.object(), next.grant(), Math::max);
      } else { // a reference that arrived meanwhile holds it again: it releases with this grant
        again.received(next.grant());
      }
    }
    List<LeaseGroup> groups = byService(released.keySet(), released::get);
    if (!groups.isEmpty()) {
      try {
        releaseAll(groups);
        log.debug("released {} collected objects on {}", groups, target);
      } catch (RuntimeException e) {
        log.debug("releasing collected objects on {} failed; their leases will expire", target, e);
      }
    }
  }

  /** Explicit release: ends the lease now (unless handed out again since), with one call. */
  boolean release(LeaseToken token) {
    Hold hold = held.get(token.key());
    if (hold == null || hold.token.get() != token || !held.remove(token.key(), hold)) {
      return false;
    }
    if (hold.cleanable != null) {
      hold.cleanable.clean(); // runs nothing more: the hold is gone
    }
    LeasedObject object = token.key();
    service.apply(null).release(List.of(new LeaseGroup(
        object.service(), List.of(object.objectId()), List.of(hold.grant()))));
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
    List<LeaseGroup> groups = byService(held.keySet(), null);
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
    Map<LeasedObject, Long> all = new LinkedHashMap<>();
    held.forEach((object, hold) -> all.put(object, hold.grant()));
    held.clear();
    List<LeaseGroup> groups = byService(all.keySet(), all::get);
    if (!groups.isEmpty()) {
      try {
        releaseAll(groups);
      } catch (RuntimeException e) {
        log.debug("releasing leases on {} at close failed; they will expire", target, e);
      }
    }
  }

  /**
   * The ids of {@code objects}, grouped by service, services in the order first met; with each
   * object's grant if {@code grantOf} is given (a release), else without grants (a renewal).
   */
  private static List<LeaseGroup> byService(
      Iterable<LeasedObject> objects, ToLongFunction<LeasedObject> grantOf) {
    Map<String, List<String>> ids = new LinkedHashMap<>();
    Map<String, List<Long>> grants = new HashMap<>();
    for (LeasedObject object : objects) {
      ids.computeIfAbsent(object.service(), s -> new ArrayList<>()).add(object.objectId());
      if (grantOf != null) {
        grants.computeIfAbsent(object.service(), s -> new ArrayList<>())
            .add(grantOf.applyAsLong(object));
      }
    }
    List<LeaseGroup> groups = new ArrayList<>(ids.size());
    ids.forEach((service, list) -> groups.add(new LeaseGroup(service, list, grants.get(service))));
    return groups;
  }

  /** Releases the objects, in calls of at most {@link #MAX_IDS_PER_CALL} ids. */
  private void releaseAll(List<LeaseGroup> groups) {
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
   * well under the server's default 4 MiB message limit (an id costs 24 bytes, and its grant in a
   * release at most 10 more): one call per interval up to 100,000 objects, one more per 100,000
   * beyond. A group's grants, if it has any, are split with its ids.
   */
  static List<List<LeaseGroup>> batches(List<LeaseGroup> groups) {
    List<List<LeaseGroup>> batches = new ArrayList<>();
    List<LeaseGroup> batch = new ArrayList<>();
    int room = MAX_IDS_PER_CALL;
    for (LeaseGroup group : groups) {
      List<String> ids = group.objectIds();
      List<Long> grants = group.grants();
      for (int from = 0; from < ids.size(); ) {
        if (room == 0) {
          batches.add(batch);
          batch = new ArrayList<>();
          room = MAX_IDS_PER_CALL;
        }
        int to = Math.min(ids.size(), from + room);
        batch.add(new LeaseGroup(group.service(), List.copyOf(ids.subList(from, to)),
            grants.isEmpty() ? List.of() : List.copyOf(grants.subList(from, to))));
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

  /**
   * A held object: a weak reference to its token, the token's cleaner registration, and the
   * highest grant number received for the object while the token lived.
   */
  private static final class Hold {
    final WeakReference<LeaseToken> token;
    private final AtomicLong grant;
    volatile Cleaner.Cleanable cleanable;

    Hold(LeaseToken token, long grant) {
      this.token = new WeakReference<>(token);
      this.grant = new AtomicLong(grant);
    }

    void received(long newGrant) {
      grant.accumulateAndGet(newGrant, Math::max);
    }

    long grant() {
      return grant.get();
    }
  }

  /** An object whose token was collected, and the grant to release it with. */
  private record Dropped(LeasedObject object, long grant) {}
}
