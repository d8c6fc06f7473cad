package org.remoting.lifecycle.lease;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.remoting.ObjectNotFoundException;
import org.remoting.TooManyObjectsException;
import org.remoting.time.Scheduler;
import org.remoting.time.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leases of the client-dependent objects of one service (Remoting Patterns: "Leasing"). A
 * remote factory {@linkplain #register registers} each object it creates; the object lives while
 * its client {@linkplain #renew renews} the lease, and is destroyed when the lease expires, when
 * the client {@linkplain #releaseLease releases} it, or when the manager is {@linkplain #close
 * closed}. Destroying an instance closes it if it is {@link AutoCloseable}; a failure to close
 * is logged, never thrown.
 *
 * <p><b>Ids.</b> Each object gets a fresh id of 128 bits from a {@link SecureRandom}, written as
 * 22 characters of unpadded URL-safe Base64 ({@code A-Z a-z 0-9 - _}), so ids cannot be guessed
 * and can travel in a gRPC metadata header or a URL as they are.
 *
 * <p><b>Expiry.</b> A lease granted at time {@code t} for {@code d} ends at {@code t + d} as read
 * from the {@link Ticker}: from then on {@link #acquire}, {@link #renew} and {@link #remaining}
 * treat it as expired, whether or not the sweep has run. The sweep runs on the {@link Scheduler}
 * every {@link #sweepPeriod()} ({@code max(duration / 4, 1 ms)}) while the manager holds any
 * object or remembered id (and not at all otherwise), and destroys the instances whose lease has
 * ended; so an object is destroyed within {@code sweepPeriod} of the end of its lease, that is
 * within {@code duration + sweepPeriod} of its last default renewal (once no call holds it, see
 * below). An instance is destroyed by whichever thread ends its lease or releases
 * its last call: the sweep, or a caller of {@code acquire}, {@code renew}, {@code remaining},
 * {@code releaseLease}, {@code release} or {@code close}.
 *
 * <p><b>Calls in flight.</b> {@link #acquire} and {@link #release} bracket each call. A lease
 * ends at its time even while calls run on the object (no new call gets in, renewals are refused),
 * but the instance is destroyed only when the last call in flight releases it: an instance is
 * never closed while a call holds it. The same holds for {@link #releaseLease} and {@link #close}.
 *
 * <p><b>Ended ids.</b> The id of an expired or released object is remembered for
 * {@link LeasePolicy#expiredMemory()} (pruned by the sweep), so a late call fails with an
 * {@link ObjectNotFoundException} that says the lease expired and when (an ISO-8601 UTC instant,
 * from the wall {@link Clock}), or that the client released the object; after that the id is
 * simply unknown.
 *
 * <p><b>Several holders.</b> The manager keeps one lease per object, not one per client: a
 * renewal never shortens a lease, so one client renewing for less cannot cut short another's.
 *
 * <p><b>Grants.</b> Each {@linkplain #export hand-out} of an object has a grant number, 1 for
 * the first and growing with each one after it (like the sequence numbers of RMI's distributed
 * garbage collector). A {@linkplain #releaseLease(String, long) release} that names an older
 * grant than the object's latest is ignored: it was sent by a client that had not yet received
 * the newer reference (or for a reference that is not its newest), so a reference handed out
 * while a release was in flight stays valid. A release without a grant ends the object.
 *
 * <p><b>Owners.</b> An object {@linkplain #export(Object, Object, int) exported for an owner} (an
 * opaque value compared with {@code equals}, such as a client's identity) keeps that owner for
 * life ({@link #owner}); the manager counts each owner's live objects and refuses a new one
 * beyond a limit. It does not check who calls: that is its caller's business.
 *
 * <p>Thread-safe; no method blocks on another call or on time. Each object is guarded by its own
 * monitor, so calls to different objects do not contend.
 *
 * @param <T> the servant type
 */
public final class LeaseManager<T> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LeaseManager.class);

  private static final int ID_BYTES = 16; // 128 bits
  private static final long MIN_SWEEP_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  /** Longer leases are cut to this (~73 years), so ticker arithmetic never overflows. */
  private static final long MAX_LEASE_NANOS = Long.MAX_VALUE / 4;
  private static final int MAX_ID_IN_MESSAGE = 64;

  private final String serviceName;
  private final LeasePolicy policy;
  private final Ticker ticker;
  private final Scheduler scheduler;
  private final Clock wallClock;
  private final long durationNanos;
  private final long maxDurationNanos;
  private final long expiredMemoryNanos;
  private final long sweepPeriodNanos;
  private final SecureRandom random = new SecureRandom();
  private final Base64.Encoder idEncoder = Base64.getUrlEncoder().withoutPadding();

  /** Live objects, and ended ones until their last call releases them. */
  private final ConcurrentHashMap<String, Lease<T>> leases = new ConcurrentHashMap<>();
  /**
   * For each instance with a lease not yet destroyed: its latest lease (for {@link #export}) and
   * how many of its leases are not yet destroyed (it is closed when the last one is).
   */
  private final ConcurrentHashMap<Identity, Exported<T>> byInstance = new ConcurrentHashMap<>();
  private final Object exportLock = new Object();
  /** How recently ended objects ended, by id; written before the lease leaves {@code leases}. */
  private final ConcurrentHashMap<String, Ending> endings = new ConcurrentHashMap<>();
  /** Live objects per owner; an owner with none has no entry. */
  private final ConcurrentHashMap<Object, Integer> owned = new ConcurrentHashMap<>();

  private final Object sweepLock = new Object();
  private Scheduler.Cancellable sweep; // guarded by sweepLock; null while none is scheduled
  private volatile boolean closed; // written under sweepLock

  private final AtomicInteger active = new AtomicInteger();
  private final LongAdder registered = new LongAdder();
  private final LongAdder renewCalls = new LongAdder();
  private final LongAdder leasesRenewed = new LongAdder();
  private final LongAdder expired = new LongAdder();
  private final LongAdder released = new LongAdder();
  private final LongAdder releasesIgnored = new LongAdder();
  private final LongAdder destroyed = new LongAdder();

  /**
   * Creates a manager that reports expiry instants by the system UTC clock.
   *
   * @see #LeaseManager(String, LeasePolicy, Ticker, Scheduler, Clock)
   */
  public LeaseManager(String serviceName, LeasePolicy policy, Ticker ticker, Scheduler scheduler) {
    this(serviceName, policy, ticker, scheduler, Clock.systemUTC());
  }

  /**
   * Creates a manager with no objects. Nothing is scheduled until the first {@link #register}.
   *
   * @param serviceName the service's name, for messages and log lines, such as {@code demo.Cart}
   * @param policy lease durations and how long ended ids are remembered
   * @param ticker the only source of time for lease arithmetic
   * @param scheduler runs the expiry sweep; its tasks destroy (close) instances
   * @param wallClock turns ticker readings into the instants shown in "expired at" messages
   * @throws NullPointerException if any argument is null
   */
  public LeaseManager(
      String serviceName,
      LeasePolicy policy,
      Ticker ticker,
      Scheduler scheduler,
      Clock wallClock) {
    this.serviceName = requireNonNull(serviceName, "serviceName");
    this.policy = requireNonNull(policy, "policy");
    this.ticker = requireNonNull(ticker, "ticker");
    this.scheduler = requireNonNull(scheduler, "scheduler");
    this.wallClock = requireNonNull(wallClock, "wallClock");
    this.durationNanos = leaseNanos(policy.duration());
    this.maxDurationNanos = leaseNanos(policy.maxDuration());
    this.expiredMemoryNanos = leaseNanos(policy.expiredMemory());
    this.sweepPeriodNanos = Math.max(durationNanos / 4, MIN_SWEEP_PERIOD_NANOS);
  }

  /** The service whose objects this manager leases. */
  public String serviceName() {
    return serviceName;
  }

  /** The lease policy. */
  public LeasePolicy policy() {
    return policy;
  }

  /**
   * How often the expiry sweep runs: {@code max(duration / 4, 1 ms)}. An object whose lease ends
   * is destroyed within this period of the end (so within {@code duration + sweepPeriod} of a
   * default renewal), unless a call still holds it then.
   */
  public Duration sweepPeriod() {
    return Duration.ofNanos(sweepPeriodNanos);
  }

  /**
   * Exports {@code instance} as a new client-dependent object with a lease of
   * {@link LeasePolicy#duration()}. Each call exports a distinct object, even for an instance
   * registered before; that instance is then closed once, when the last of its objects is
   * destroyed (never while a call holds it under any of them).
   *
   * <p>The manager owns the instance from this call on: if the call fails because the manager is
   * closed, the instance has been destroyed (or will be, when a call still holding it under an
   * earlier lease ends).
   *
   * @return the object's new id
   * @throws NullPointerException if {@code instance} is null
   * @throws IllegalStateException if the manager is closed
   */
  public String register(T instance) {
    return register(instance, null);
  }

  private String register(T instance, Object owner) {
    requireNonNull(instance, "instance");
    if (closed) {
      if (!byInstance.containsKey(new Identity(instance))) { // else its last lease closes it
        destroy(instance, null);
      }
      throw closedException();
    }
    active.incrementAndGet(); // before the lease is visible, so ending it never goes below zero
    long expiresAt = ticker.read() + durationNanos;
    String id;
    Lease<T> lease;
    do { // a collision of 128 random bits will not happen, but costs nothing to rule out
      id = newId();
      lease = new Lease<>(id, instance, expiresAt, owner);
    } while (endings.containsKey(id) || leases.putIfAbsent(id, lease) != null);
    if (owner != null) {
      owned.merge(owner, 1, Integer::sum); // before the lease can end and count down
    }
    Lease<T> registeredLease = lease;
    byInstance.compute(
        new Identity(instance),
        (key, e) -> new Exported<>(registeredLease, e == null ? 1 : e.leases() + 1));
    registered.increment();
    if (closed) { // close() may have missed it
      end(lease, Reason.CLOSED, ticker.read());
      throw closedException();
    }
    ensureSweepScheduled();
    log.debug("registered object {} in leased service {}", redact(id), serviceName);
    return id;
  }

  /**
   * Exports {@code instance} as a client-dependent object, once: if it is the instance of a live
   * lease already, extends that lease to end no earlier than {@link LeasePolicy#duration()} from
   * now, raises its grant number by one and returns its id with that grant; otherwise
   * {@linkplain #register registers} it, with grant 1. So a servant that a remote method returns
   * twice is one object with one id, destroyed once.
   *
   * @return the object's id, and the grant number of this hand-out
   * @throws NullPointerException if {@code instance} is null
   * @throws IllegalStateException if the manager is closed
   */
  public LeaseGrant export(T instance) {
    return export(instance, null, Integer.MAX_VALUE);
  }

  /**
   * Exports {@code instance} as {@link #export(Object)} does, for {@code owner}: a new object gets
   * {@code owner} as its {@link #owner}, unless {@code owner} already holds {@code maxPerOwner}
   * live objects; an instance that is a live object already keeps its id and its first owner
   * (compare {@link #owner} with yours).
   *
   * @param owner whom the object belongs to, or null for nobody (not counted)
   * @param maxPerOwner the most live objects one owner may hold, at least 1
   * @return the object's id, and the grant number of this hand-out
   * @throws org.remoting.TooManyObjectsException if {@code owner} holds {@code maxPerOwner} live
   *     objects already; the instance is then destroyed (closed if {@link AutoCloseable}), as the
   *     manager owns it from this call on
   * @throws NullPointerException if {@code instance} is null
   * @throws IllegalArgumentException if {@code maxPerOwner} is less than 1
   * @throws IllegalStateException if the manager is closed
   */
  public LeaseGrant export(T instance, Object owner, int maxPerOwner) {
    requireNonNull(instance, "instance");
    if (maxPerOwner < 1) {
      throw new IllegalArgumentException("maxPerOwner must be >= 1, got " + maxPerOwner);
    }
    Identity key = new Identity(instance);
    LeaseGrant grant = grantIfLive(latestLease(key));
    if (grant != null) {
      return grant;
    }
    int held;
    synchronized (exportLock) { // two threads exporting one new instance register it once
      grant = grantIfLive(latestLease(key));
      if (grant != null) {
        return grant;
      }
      // Registrations for an owner happen only here, under the lock: the count cannot overshoot.
      held = objectsOf(owner);
      if (held < maxPerOwner) {
        return new LeaseGrant(register(instance, owner), 1);
      }
    }
    destroy(instance, null);
    throw new TooManyObjectsException(
        "a client may hold at most " + maxPerOwner + " live objects of service " + serviceName
            + ", and this one holds " + held + "; the new object was not exported (release"
            + " objects it no longer needs)");
  }

  /**
   * The owner that object {@code id} was exported for, or null if it has none, or the id is
   * unknown (never issued, or its object destroyed).
   *
   * @throws NullPointerException if {@code id} is null
   */
  public Object owner(String id) {
    requireNonNull(id, "id");
    Lease<T> lease = leases.get(id);
    return lease == null ? null : lease.owner;
  }

  /**
   * The id of {@code instance}'s live lease, or null if it has none: to check, before {@link
   * #export handing it out} again (which extends its lease and raises its grant), whether it may
   * go to this caller.
   *
   * @throws NullPointerException if {@code instance} is null
   */
  public String liveId(T instance) {
    Lease<T> lease = latestLease(new Identity(requireNonNull(instance, "instance")));
    if (lease == null) {
      return null;
    }
    synchronized (lease) {
      return lease.ending == null && ticker.read() - lease.expiresAt < 0 ? lease.id : null;
    }
  }

  /** How many live objects {@code owner} holds. */
  public int objectsOf(Object owner) {
    return owner == null ? 0 : owned.getOrDefault(owner, 0);
  }

  private Lease<T> latestLease(Identity key) {
    Exported<T> exported = byInstance.get(key);
    return exported == null ? null : exported.latest();
  }

  /**
   * A new hand-out of {@code lease}, if live: extends it to at least the default duration and
   * raises its grant number.
   */
  private LeaseGrant grantIfLive(Lease<T> lease) {
    if (lease == null) {
      return null;
    }
    synchronized (lease) {
      long now = ticker.read();
      if (lease.ending != null || now - lease.expiresAt >= 0) {
        return null;
      }
      long end = now + durationNanos;
      if (end - lease.expiresAt > 0) {
        lease.expiresAt = end;
      }
      return new LeaseGrant(lease.id, ++lease.grant);
    }
  }

  /**
   * The instance of live object {@code id}, without holding it for a call: for a reference to the
   * object passed back to its server as an argument. Neither renews the lease nor keeps it from
   * ending.
   *
   * @throws ObjectNotFoundException as {@link #acquire} does
   * @throws IllegalStateException if the manager is closed
   * @throws NullPointerException if {@code id} is null
   */
  public T instance(String id) {
    T instance = acquire(id);
    release(id, instance);
    return instance;
  }

  /**
   * Returns the instance of object {@code id} for one call, which must be followed by exactly one
   * {@link #release}. The call keeps the instance from being destroyed, but not the lease from
   * ending; it does not renew the lease.
   *
   * @throws ObjectNotFoundException if the service has no such object, or its lease expired, or
   *     its client released it; the message says which, and when
   * @throws IllegalStateException if the manager is closed
   * @throws NullPointerException if {@code id} is null
   */
  public T acquire(String id) {
    requireNonNull(id, "id");
    checkOpen();
    Lease<T> lease = leases.get(id);
    if (lease == null) {
      throw notFound(id);
    }
    boolean destroyNow = false;
    Ending ending;
    synchronized (lease) {
      if (lease.ending == null) {
        long now = ticker.read();
        if (now - lease.expiresAt < 0) {
          lease.calls++;
          return lease.instance;
        }
        destroyNow = endLocked(lease, Reason.EXPIRED, now);
      }
      ending = lease.ending;
    }
    if (destroyNow) {
      destroy(lease);
    }
    if (ending.reason == Reason.CLOSED) {
      throw closedException();
    }
    throw new ObjectNotFoundException(ending.message(quote(id), serviceName));
  }

  /**
   * Ends a call begun by {@link #acquire}: if the object's lease has ended meanwhile and this was
   * its last call in flight, destroys the instance now, on this thread. Never throws; a release
   * that matches no acquire is logged and ignored.
   */
  public void release(String id, T instance) {
    Lease<T> lease = id == null ? null : leases.get(id);
    boolean destroyNow = false;
    boolean matched = false;
    if (lease != null && lease.instance == instance) {
      synchronized (lease) {
        if (lease.calls > 0) {
          matched = true;
          lease.calls--;
          destroyNow = lease.ending != null && takeForDestructionLocked(lease);
        }
      }
    }
    if (!matched) {
      log.warn(
          "ignoring a release of object {} in leased service {} that matches no acquire",
          id == null ? null : redact(id),
          serviceName);
    } else if (destroyNow) {
      destroy(lease);
    }
  }

  /**
   * Renews the leases of many objects at once, as a client does for all the objects it holds on
   * this server in one call per interval. Each live lease is extended to end no earlier than
   * {@code min(requested, maxDuration)} from now; a renewal never shortens a lease.
   *
   * @param ids the objects to renew; duplicates are renewed once
   * @param requested the lease the client asks for, or null for {@link LeasePolicy#duration()}
   * @return the time each renewed lease now has left, and the ids that have no live lease
   * @throws NullPointerException if {@code ids} is or contains null
   * @throws IllegalArgumentException if {@code requested} is not positive
   * @throws IllegalStateException if the manager is closed
   */
  public RenewResult renew(Collection<String> ids, Duration requested) {
    requireNonNull(ids, "ids");
    for (String id : ids) {
      requireNonNull(id, "ids must not contain null");
    }
    long grantNanos = durationNanos;
    if (requested != null) {
      if (requested.isNegative() || requested.isZero()) {
        throw new IllegalArgumentException("requested lease must be > 0, got " + requested);
      }
      grantNanos = Math.min(leaseNanos(requested), maxDurationNanos);
    }
    checkOpen();
    renewCalls.increment();
    long now = ticker.read();
    long newEnd = now + grantNanos;
    Map<String, Duration> granted = new HashMap<>();
    Set<String> missing = new HashSet<>();
    List<Lease<T>> toDestroy = new ArrayList<>();
    for (String id : ids) {
      Lease<T> lease = leases.get(id);
      long left = -1;
      if (lease != null) {
        synchronized (lease) {
          if (lease.ending == null) {
            if (now - lease.expiresAt < 0) {
              if (newEnd - lease.expiresAt > 0) {
                lease.expiresAt = newEnd;
              }
              left = lease.expiresAt - now;
            } else if (endLocked(lease, Reason.EXPIRED, now)) {
              toDestroy.add(lease);
            }
          }
        }
      }
      if (left > 0) {
        granted.put(id, Duration.ofNanos(left));
      } else {
        missing.add(id);
      }
    }
    leasesRenewed.add(granted.size());
    toDestroy.forEach(this::destroy);
    return new RenewResult(granted, missing);
  }

  /**
   * Ends the lease of object {@code id} because its client released it, whatever references to
   * it were handed out: {@link #releaseLease(String, long) releaseLease(id, 0)}.
   *
   * @throws NullPointerException if {@code id} is null
   */
  public boolean releaseLease(String id) {
    return releaseLease(id, 0);
  }

  /**
   * Ends the lease of object {@code id} because its client released it (explicitly, by closing
   * its proxy, or because the proxy was garbage collected), unless a newer reference to it was
   * handed out than the one released: if {@code grant} is positive and less than the object's
   * latest {@linkplain #export grant number}, the release is ignored (and logged at DEBUG), and
   * the object lives on for the holder of the newer reference. Otherwise destroys the instance
   * now, or when its last call in flight is released; later calls fail with "released by its
   * client".
   *
   * @param grant the highest grant number the client received for the object, or 0 (or less) if
   *     it does not say: the object ends whatever was handed out
   * @return true if the lease was live and is now ended; false if the id is unknown, its lease had
   *     already ended, the release was older than the latest grant, or the manager is closed
   * @throws NullPointerException if {@code id} is null
   */
  public boolean releaseLease(String id, long grant) {
    requireNonNull(id, "id");
    Lease<T> lease = closed ? null : leases.get(id);
    if (lease == null) {
      return false;
    }
    boolean destroyNow;
    boolean wasLive;
    synchronized (lease) {
      if (lease.ending != null) {
        return false;
      }
      if (grant > 0 && grant < lease.grant) {
        log.debug(
            "ignoring a release of object {} in leased service {} for grant {}: grant {} was"
                + " handed out since",
            redact(id), serviceName, grant, lease.grant);
        releasesIgnored.increment();
        return false;
      }
      long now = ticker.read();
      wasLive = now - lease.expiresAt < 0;
      destroyNow = endLocked(lease, wasLive ? Reason.RELEASED : Reason.EXPIRED, now);
    }
    if (destroyNow) {
      destroy(lease);
    }
    if (wasLive) {
      log.debug("object {} in leased service {} released by its client", redact(id), serviceName);
    }
    return wasLive;
  }

  /**
   * The time the lease of object {@code id} has left, for diagnostics; empty if the id is unknown,
   * its lease has ended, or the manager is closed.
   *
   * @throws NullPointerException if {@code id} is null
   */
  public Optional<Duration> remaining(String id) {
    requireNonNull(id, "id");
    Lease<T> lease = closed ? null : leases.get(id);
    if (lease == null) {
      return Optional.empty();
    }
    boolean destroyNow;
    synchronized (lease) {
      if (lease.ending != null) {
        return Optional.empty();
      }
      long now = ticker.read();
      if (now - lease.expiresAt < 0) {
        return Optional.of(Duration.ofNanos(lease.expiresAt - now));
      }
      destroyNow = endLocked(lease, Reason.EXPIRED, now);
    }
    if (destroyNow) {
      destroy(lease);
    }
    return Optional.empty();
  }

  /**
   * Stops the sweep, ends every lease and destroys every instance (those with calls in flight when
   * their last call is released), as at server shutdown. Afterwards {@link #register},
   * {@link #acquire} and {@link #renew} throw {@link IllegalStateException}; {@link #release}
   * still works. Idempotent.
   */
  @Override
  public void close() {
    synchronized (sweepLock) {
      if (closed) {
        return;
      }
      closed = true;
      if (sweep != null) {
        sweep.cancel();
        sweep = null;
      }
    }
    long now = ticker.read();
    int count = 0;
    for (Lease<T> lease : leases.values()) {
      if (end(lease, Reason.CLOSED, now)) {
        count++;
      }
    }
    endings.clear();
    log.debug("closed leased service {}: ended {} leases", serviceName, count);
  }

  /** A snapshot of this manager's counters. */
  public LeaseStats stats() {
    return new LeaseStats(
        active.get(),
        registered.sum(),
        renewCalls.sum(),
        leasesRenewed.sum(),
        expired.sum(),
        released.sum(),
        destroyed.sum(),
        releasesIgnored.sum());
  }

  @Override
  public String toString() {
    return "LeaseManager{" + serviceName + ", " + policy + ", " + stats() + "}";
  }

  // ---------------------------------------------------------------------------------------------

  private String newId() {
    byte[] bytes = new byte[ID_BYTES];
    random.nextBytes(bytes);
    return idEncoder.encodeToString(bytes);
  }

  private void checkOpen() {
    if (closed) {
      throw closedException();
    }
  }

  private IllegalStateException closedException() {
    return new IllegalStateException("the lease manager of service " + serviceName + " is closed");
  }

  private ObjectNotFoundException notFound(String id) {
    Ending ending = endings.get(id);
    if (ending != null) {
      return new ObjectNotFoundException(ending.message(quote(id), serviceName));
    }
    return new ObjectNotFoundException(
        "no object " + quote(id) + " in service " + serviceName
            + " (the id is unknown, or its lease ended more than " + policy.expiredMemory()
            + " ago)");
  }

  /** Ends {@code lease} if still live and destroys it if no call holds it; true if it ended. */
  private boolean end(Lease<T> lease, Reason reason, long now) {
    boolean ended;
    boolean destroyNow = false;
    synchronized (lease) {
      ended = lease.ending == null;
      if (ended) {
        destroyNow = endLocked(lease, reason, now);
      }
    }
    if (destroyNow) {
      destroy(lease);
    }
    return ended;
  }

  /**
   * Ends a live lease: records why and when (also in {@link #endings}, before the lease can leave
   * {@link #leases}, so a lookup always finds one or the other), and claims the instance for
   * destruction if no call holds it. Called with the lease's monitor held.
   *
   * @return true if the caller must {@link #destroy} the instance, outside the monitor
   */
  private boolean endLocked(Lease<T> lease, Reason reason, long now) {
    Ending ending;
    switch (reason) {
      case EXPIRED -> {
        ending = new Ending(reason, wallInstant(lease.expiresAt, now), lease.expiresAt);
        expired.increment();
        log.debug("lease of object {} in service {} expired", redact(lease.id), serviceName);
      }
      case RELEASED -> {
        ending = new Ending(reason, wallInstant(now, now), now);
        released.increment();
      }
      default -> ending = new Ending(reason, wallInstant(now, now), now);
    }
    lease.ending = ending;
    active.decrementAndGet();
    if (lease.owner != null) {
      owned.computeIfPresent(lease.owner, (owner, count) -> count == 1 ? null : count - 1);
    }
    if (reason != Reason.CLOSED) {
      endings.put(lease.id, ending);
    }
    return takeForDestructionLocked(lease);
  }

  /** True, once, when an ended lease has no call in flight. Called with the monitor held. */
  private static boolean takeForDestructionLocked(Lease<?> lease) {
    if (lease.calls > 0 || lease.destroyed) {
      return false;
    }
    lease.destroyed = true;
    return true;
  }

  /**
   * Removes an ended, unused lease and closes its instance, unless the instance has another lease
   * not yet destroyed (exported again, or an older lease whose call is still running): the last
   * of its leases to be destroyed closes it. Never throws an exception.
   */
  private void destroy(Lease<T> lease) {
    leases.remove(lease.id, lease);
    boolean[] last = {false};
    byInstance.compute(
        new Identity(lease.instance),
        (key, e) -> {
          if (e == null || e.leases() <= 1) {
            last[0] = true;
            return null;
          }
          return new Exported<>(e.latest(), e.leases() - 1);
        });
    if (last[0]) {
      destroy(lease.instance, lease.id);
    } else {
      destroyed.increment();
      log.debug("object {} of leased service {} ended; its instance lives on under another id",
          redact(lease.id), serviceName);
    }
  }

  private void destroy(T instance, String id) {
    destroyed.increment();
    if (instance instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        log.warn(
            "closing object {} of leased service {} failed",
            id == null ? "(unregistered)" : redact(id),
            serviceName,
            e);
      }
    }
  }

  /** The wall-clock instant of ticker reading {@code at}, given that the ticker reads {@code now}. */
  private Instant wallInstant(long at, long now) {
    return wallClock.instant().minusNanos(now - at).truncatedTo(ChronoUnit.MILLIS);
  }

  private void ensureSweepScheduled() {
    synchronized (sweepLock) {
      if (!closed && sweep == null) {
        sweep = scheduler.schedule(this::sweep, sweepPeriodNanos, TimeUnit.NANOSECONDS);
      }
    }
  }

  /**
   * Ends the leases that ran out, destroys their unused instances, and forgets ids ended more than
   * {@code expiredMemory} ago; then runs again after a period while anything is left to watch.
   */
  private void sweep() {
    try {
      long now = ticker.read();
      for (Lease<T> lease : leases.values()) {
        boolean destroyNow = false;
        synchronized (lease) {
          if (lease.ending == null && now - lease.expiresAt >= 0) {
            destroyNow = endLocked(lease, Reason.EXPIRED, now);
          }
        }
        if (destroyNow) {
          destroy(lease);
        }
      }
      endings.values().removeIf(e -> now - e.sinceNanos >= expiredMemoryNanos);
    } finally {
      synchronized (sweepLock) {
        sweep = null;
        // register() adds its lease before it takes sweepLock, so an object registered while this
        // sweep ran is either seen here or sees no sweep scheduled and schedules one.
        if (!closed && !(leases.isEmpty() && endings.isEmpty())) {
          sweep = scheduler.schedule(this::sweep, sweepPeriodNanos, TimeUnit.NANOSECONDS);
        }
      }
    }
  }

  private static long leaseNanos(Duration duration) {
    try {
      return Math.min(duration.toNanos(), MAX_LEASE_NANOS);
    } catch (ArithmeticException e) {
      return MAX_LEASE_NANOS;
    }
  }

  /** The id in single quotes, shortened if a client sent something absurdly long. */
  private static String quote(String id) {
    return id.length() <= MAX_ID_IN_MESSAGE
        ? "'" + id + "'"
        : "'" + id.substring(0, MAX_ID_IN_MESSAGE) + "...'";
  }

  /** Ids are capabilities: log lines show only a prefix. */
  private static String redact(String id) {
    return id.length() <= 6 ? id : id.substring(0, 6) + "...";
  }

  /** A key that compares instances by identity, as servants need not define equality. */
  private static final class Identity {
    private final Object instance;

    Identity(Object instance) {
      this.instance = instance;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Identity && ((Identity) other).instance == instance;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(instance);
    }
  }

  /** An instance's latest lease, and how many of its leases are not yet destroyed. */
  private record Exported<T>(Lease<T> latest, int leases) {}

  private enum Reason {
    EXPIRED,
    RELEASED,
    CLOSED
  }

  /** Why and when a lease ended; {@code sinceNanos} is its ticker time, for forgetting it. */
  private record Ending(Reason reason, Instant at, long sinceNanos) {
    String message(String quotedId, String service) {
      return switch (reason) {
        case EXPIRED -> "lease of object " + quotedId + " in service " + service + " expired at "
            + at;
        case RELEASED -> "object " + quotedId + " in service " + service
            + " was released by its client at " + at;
        case CLOSED -> "object " + quotedId + " in service " + service
            + " was destroyed when the server shut down at " + at;
      };
    }
  }

  private static final class Lease<T> {
    final String id;
    final T instance;
    final Object owner; // null: nobody's
    // Guarded by this.
    long expiresAt;
    int calls;
    Ending ending; // null while the lease is live
    boolean destroyed;
    long grant = 1; // the latest hand-out's grant number

    Lease(String id, T instance, long expiresAt, Object owner) {
      this.id = id;
      this.instance = instance;
      this.expiresAt = expiresAt;
      this.owner = owner;
    }
  }
}
