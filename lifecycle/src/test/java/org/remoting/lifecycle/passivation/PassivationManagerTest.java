package org.remoting.lifecycle.passivation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.remoting.lifecycle.passivation.Counters.CODEC;
import static org.remoting.lifecycle.passivation.Counters.SERVICE;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remoting.ObjectNotFoundException;
import org.remoting.ServantBusyException;
import org.remoting.lifecycle.ServantCreationException;
import org.remoting.lifecycle.passivation.Counters.Counter;
import org.remoting.lifecycle.passivation.Counters.CounterState;
import org.remoting.lifecycle.passivation.Counters.Tracker;
import org.remoting.lifecycle.store.FileStateStore;
import org.remoting.lifecycle.store.InMemoryStateStore;
import org.remoting.lifecycle.store.StateStore;
import org.remoting.testing.FakeClock;

class PassivationManagerTest {
  private static final Duration IDLE = Duration.ofSeconds(30);
  private static final Duration LONG = Duration.ofSeconds(20);

  private final FakeClock clock = new FakeClock();
  private final Tracker tracker = new Tracker();
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) { // managers before their stores
      toClose.get(i).close();
    }
    executor.shutdownNow();
    tracker.assertNoViolations();
  }

  private PassivationManager.Builder<Counter> builder(StateStore store, PassivationPolicy policy) {
    return PassivationManager.builder(SERVICE, tracker.counters(), CODEC)
        .store(store)
        .policy(policy)
        .ticker(clock)
        .scheduler(clock);
  }

  private PassivationManager<Counter> start(PassivationManager.Builder<Counter> builder) {
    PassivationManager<Counter> manager = builder.build();
    toClose.add(manager::close);
    manager.start();
    return manager;
  }

  private PassivationManager<Counter> start(StateStore store, PassivationPolicy policy) {
    return start(builder(store, policy));
  }

  /** One call: adds {@code delta} to the counter {@code id} and returns the new value. */
  private static long add(PassivationManager<Counter> manager, String id, long delta)
      throws InterruptedException {
    Counter counter = manager.acquire(id, LONG.toMillis(), TimeUnit.MILLISECONDS);
    try {
      return counter.add(delta);
    } finally {
      manager.release(id, counter);
    }
  }

  // ---- the acceptance scenarios ----

  @Test
  void aThousandObjectsPassivateToFilesAndComeBackAfterARestart(@TempDir Path dir)
      throws Exception {
    FileStateStore store = new FileStateStore(dir);
    PassivationManager<Counter> manager = start(store, new PassivationPolicy(IDLE, 10_000));
    for (int i = 0; i < 1000; i++) {
      add(manager, "acct-" + i, 7L * i);
      add(manager, "acct-" + i, 1);
    }
    assertEquals(1000, manager.stats().active());
    assertEquals(1000, tracker.alive.get());

    clock.advance(IDLE.minusMillis(1));
    assertEquals(1000, manager.stats().active(), "not idle long enough yet");
    clock.advance(Duration.ofMillis(1));
    PassivationStats stats = manager.stats();
    assertEquals(0, stats.active());
    assertEquals(1000, stats.passivations());
    assertEquals(1000, stats.storeSaves());
    assertEquals(0, tracker.alive.get());
    assertEquals(1000, tracker.closed.get());
    manager.close();
    store.close();

    // "Restart": a new store on the same directory and a new manager that creates nothing.
    FileStateStore reopened = new FileStateStore(dir);
    toClose.add(reopened);
    PassivationManager<Counter> restarted =
        start(builder(reopened, new PassivationPolicy(IDLE, 10_000)).createUnknown(false));
    for (int i = 0; i < 1000; i++) {
      assertEquals(7L * i + 1, add(restarted, "acct-" + i, 0), "acct-" + i);
    }
    assertEquals(1000, restarted.stats().activations());
    assertEquals(0, restarted.stats().creations());
    assertThrows(ObjectNotFoundException.class, () -> restarted.acquire("acct-1000"));
    restarted.close();
    assertEquals(1000, restarted.stats().passivations());
    assertEquals(0, restarted.stats().storeSaves(), "states only read are not written again");
    assertEquals(1, tracker.maxAliveOfOneId.get());
  }

  @Test
  void neverMoreThanMaxActiveAndTheLeastRecentlyUsedGoesFirst() throws Exception {
    InMemoryStateStore store = new InMemoryStateStore();
    PassivationManager<Counter> manager =
        start(store, new PassivationPolicy(Duration.ofHours(1), 10));
    for (int i = 0; i < 50; i++) {
      add(manager, "c" + i, i + 1);
      assertTrue(manager.stats().active() <= 10, "step " + i + ": " + manager.stats());
      assertTrue(tracker.alive.get() <= 10, "step " + i);
      assertEquals(Math.max(0, i + 1 - 10), tracker.passivatedIds.size(), "step " + i);
    }
    assertEquals(10, tracker.maxAlive.get(), "never more than 10 alive, even mid-activation");
    assertEquals(IntStream.range(0, 40).mapToObj(i -> "c" + i).toList(), tracker.passivatedIds);

    // Recency counts, not age: after c40 (the oldest) is used again, c41 goes first.
    add(manager, "c40", 0);
    assertEquals(1, add(manager, "c0", 0), "c0 comes back with its state");
    assertEquals("c41", tracker.passivatedIds.get(tracker.passivatedIds.size() - 1));
    assertEquals(10, manager.stats().active());
    assertEquals(41, manager.stats().passivations());
    assertEquals(1, manager.stats().activations());
    assertEquals(50, manager.stats().creations());
  }

  @Test
  void sixteenThreadsOnOneIdWhilePassivationIsForcedLoseNoUpdate() throws Exception {
    PassivationManager<Counter> manager =
        start(new InMemoryStateStore(), new PassivationPolicy(Duration.ofSeconds(1), 100));
    int threads = 16;
    int increments = 2_000;
    AtomicInteger done = new AtomicInteger();
    List<Future<?>> callers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      callers.add(
          executor.submit(
              () -> {
                try {
                  for (int i = 0; i < increments; i++) {
                    if (i % 100 == 0) { // keep pace with the forcer: one passivation per 100
                      long target = i / 100;
                      awaitTrue(() -> manager.stats().passivations() >= target);
                    }
                    add(manager, "hot", 1);
                  }
                } finally {
                  done.incrementAndGet();
                }
                return null;
              }));
    }
    Future<Integer> forcer =
        executor.submit(
            () -> {
              int rounds = 0;
              while (done.get() < threads) {
                manager.passivateAll(LONG); // drains the calls in flight, then passivates
                clock.advance(Duration.ofSeconds(1)); // the idle sweep, when it finds a gap
                rounds++;
              }
              return rounds;
            });
    for (Future<?> caller : callers) {
      caller.get(60, TimeUnit.SECONDS);
    }
    int rounds = forcer.get(60, TimeUnit.SECONDS);

    assertEquals((long) threads * increments, add(manager, "hot", 0));
    PassivationStats stats = manager.stats();
    assertTrue(
        stats.passivations() >= increments / 100 - 1, stats + " after " + rounds + " rounds");
    assertTrue(stats.activations() >= stats.passivations(), stats.toString());
    assertEquals(1, tracker.maxAliveOfOneId.get(), "never two live instances of one id");
    assertEquals(0, stats.inUse());
    assertEquals(0, stats.waitTimeouts());
  }

  @Test
  void manyThreadsOnFewIdsAboveMaxActiveLoseNoUpdate() throws Exception {
    PassivationManager<Counter> manager =
        start(new InMemoryStateStore(), new PassivationPolicy(Duration.ofSeconds(1), 2));
    int ids = 6;
    int threads = 8;
    int calls = 1_000;
    AtomicLongArray expected = new AtomicLongArray(ids);
    List<Future<?>> callers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      callers.add(
          executor.submit(
              () -> {
                for (int i = 0; i < calls; i++) {
                  int id = ThreadLocalRandom.current().nextInt(ids);
                  add(manager, "id" + id, 1);
                  expected.incrementAndGet(id);
                }
                return null;
              }));
    }
    for (Future<?> caller : callers) {
      caller.get(60, TimeUnit.SECONDS);
    }
    for (int id = 0; id < ids; id++) {
      assertEquals(expected.get(id), add(manager, "id" + id, 0), "id" + id);
    }
    assertTrue(manager.stats().passivations() > 0);
    assertEquals(1, tracker.maxAliveOfOneId.get());
  }

  @Test
  void aCallInFlightIsNeverPassivatedAndPassivateAllWaitsForIt() throws Exception {
    PassivationManager<Counter> manager =
        start(new InMemoryStateStore(), new PassivationPolicy(IDLE, 1));
    Counter held = manager.acquire("busy");
    held.add(5);

    clock.advance(IDLE.multipliedBy(3));
    add(manager, "other", 1); // above max-active, but the busy one cannot go
    clock.advance(IDLE.multipliedBy(3));
    assertFalse(held.isPassivated());
    assertEquals(1, manager.stats().inUse());

    Future<Boolean> all = executor.submit(() -> manager.passivateAll(LONG));
    awaitTrue(() -> isWaitedFor(manager, "busy"));
    assertThrows(TimeoutException.class, () -> all.get(50, TimeUnit.MILLISECONDS));
    assertFalse(held.isPassivated());

    Future<Long> late = executor.submit(() -> add(manager, "busy", 1));
    assertThrows(TimeoutException.class, () -> late.get(50, TimeUnit.MILLISECONDS));

    manager.release("busy", held);
    assertTrue(all.get(10, TimeUnit.SECONDS));
    assertTrue(held.isPassivated());
    assertTrue(held.isClosed());
    assertEquals(6, late.get(10, TimeUnit.SECONDS), "the late call ran on the restored state");
  }

  /** True if a call for {@code id} must wait (it is being passivated), without waiting. */
  private static boolean isWaitedFor(PassivationManager<Counter> manager, String id)
      throws InterruptedException {
    try {
      Counter c = manager.acquire(id, 0, TimeUnit.MILLISECONDS);
      manager.release(id, c);
      return false;
    } catch (ServantBusyException e) {
      return true;
    }
  }

  @Test
  void aCallArrivingDuringPassivationWaitsThenReactivates() throws Exception {
    ControlledStore store = new ControlledStore();
    PassivationManager<Counter> manager = start(store, new PassivationPolicy(IDLE, 100));
    add(manager, "x", 5);
    store.closeGate();
    Future<?> sweep = executor.submit(() -> clock.advance(IDLE)); // blocks in save
    store.awaitBlockedSave();

    Future<Long> late = executor.submit(() -> add(manager, "x", 1));
    assertThrows(TimeoutException.class, () -> late.get(50, TimeUnit.MILLISECONDS));
    ServantBusyException busy =
        assertThrows(
            ServantBusyException.class, () -> manager.acquire("x", 10, TimeUnit.MILLISECONDS));
    assertTrue(busy.getMessage().contains("x") && busy.getMessage().contains(SERVICE));
    assertEquals(1, tracker.aliveById.get("x").get());

    store.openGate();
    sweep.get(10, TimeUnit.SECONDS);
    assertEquals(6, late.get(10, TimeUnit.SECONDS));
    PassivationStats stats = manager.stats();
    assertEquals(1, stats.passivations());
    assertEquals(1, stats.activations());
    assertEquals(1, stats.waitTimeouts());
    assertEquals(1, tracker.maxAliveOfOneId.get());
  }

  // ---- idle passivation ----

  @Test
  void passivatesExactlyAfterIdleSinceTheLastCall() throws Exception {
    PassivationManager<Counter> manager =
        start(new InMemoryStateStore(), new PassivationPolicy(IDLE, 100));
    add(manager, "a", 1);
    clock.advance(IDLE.minusSeconds(10));
    add(manager, "a", 1); // used again: its idle time starts over
    add(manager, "b", 1);
    clock.advance(IDLE.minusMillis(1));
    assertEquals(2, manager.stats().active());
    clock.advance(Duration.ofMillis(1));
    assertEquals(0, manager.stats().active());
    assertEquals(1, clock.pendingTasks(), "the sweep stays scheduled");
    assertEquals(2, add(manager, "a", 0));

    manager.close();
    assertEquals(0, clock.pendingTasks(), "close cancels the sweep");
  }

  @Test
  void idleObjectsGoOneByOneAsTheyBecomeDue() throws Exception {
    PassivationManager<Counter> manager =
        start(new InMemoryStateStore(), new PassivationPolicy(IDLE, 100));
    for (int i = 0; i < 5; i++) {
      add(manager, "o" + i, 1);
      clock.advance(Duration.ofSeconds(1));
    }
    clock.advance(IDLE.minusSeconds(5)); // o0 is now exactly idle
    assertEquals(List.of("o0"), tracker.passivatedIds);
    clock.advance(Duration.ofSeconds(2));
    assertEquals(List.of("o0", "o1", "o2"), tracker.passivatedIds);
  }

  // ---- unknown ids, failures ----

  @Test
  void unknownIdsAreCreatedUnlessDisabled() throws Exception {
    InMemoryStateStore store = new InMemoryStateStore();
    store.save(SERVICE, "known", CODEC.encode(new CounterState(41)));
    PassivationManager<Counter> creating = start(store, new PassivationPolicy(IDLE, 100));
    assertEquals(1, add(creating, "new", 1));
    assertEquals(1, creating.stats().creations());
    creating.close();

    PassivationManager<Counter> manager =
        start(builder(store, new PassivationPolicy(IDLE, 100)).createUnknown(false));
    ObjectNotFoundException e =
        assertThrows(ObjectNotFoundException.class, () -> manager.acquire("ghost"));
    assertTrue(e.getMessage().contains("ghost"), e.getMessage());
    assertTrue(e.getMessage().contains(SERVICE), e.getMessage());
    assertEquals(0, manager.stats().active());
    assertEquals(42, add(manager, "known", 1));
    assertEquals(2, add(manager, "new", 1), "saved when the first manager closed");
    assertEquals(2, tracker.constructed.get() - 1); // new (first manager), known, new
  }

  @Test
  void aFailedSaveKeepsTheInstanceActiveAndRetriesLater() throws Exception {
    tracker.reuseAfterPassivateAllowed = true;
    ControlledStore store = new ControlledStore();
    PassivationManager<Counter> manager = start(store, new PassivationPolicy(IDLE, 100));
    add(manager, "x", 5);
    Counter before = manager.acquire("x");
    manager.release("x", before);
    store.failSaves = true;

    clock.advance(IDLE);
    assertEquals(1, manager.stats().failedPassivations());
    assertEquals(1, manager.stats().active());
    Counter after = manager.acquire("x");
    assertSame(before, after, "the same instance, state intact");
    assertEquals(6, after.add(1));
    manager.release("x", after);

    store.failSaves = false;
    clock.advance(IDLE);
    assertEquals(0, manager.stats().active());
    assertEquals(1, manager.stats().passivations());
    assertEquals(6, add(manager, "x", 0));
  }

  @Test
  void aFailedSaveWhileClosingDropsTheInstance() throws Exception {
    ControlledStore store = new ControlledStore();
    PassivationManager<Counter> manager = start(store, new PassivationPolicy(IDLE, 100));
    add(manager, "x", 5);
    store.failSaves = true;
    manager.close();
    assertEquals(0, manager.stats().active());
    assertEquals(1, manager.stats().failedPassivations());
    assertEquals(0, tracker.alive.get());
    assertFalse(manager.passivateAll(Duration.ZERO));
  }

  @Test
  void corruptStoredStateFailsTheCallAndKeepsTheState() throws Exception {
    InMemoryStateStore store = new InMemoryStateStore();
    store.save(SERVICE, "bad", new byte[3]);
    PassivationManager<Counter> manager = start(store, new PassivationPolicy(IDLE, 100));
    for (int attempt = 0; attempt < 2; attempt++) {
      ServantCreationException e =
          assertThrows(ServantCreationException.class, () -> manager.acquire("bad"));
      assertTrue(
          e.getMessage().contains("bad") && e.getMessage().contains(SERVICE), e.getMessage());
      assertInstanceOf(IllegalArgumentException.class, e.getCause());
    }
    assertEquals(0, manager.stats().active());
    assertEquals(0, tracker.alive.get(), "the half-activated instances were closed");
    assertEquals(3, store.load(SERVICE, "bad").orElseThrow().length);
  }

  @Test
  void aFailingFactoryFailsTheCallOnly() throws Exception {
    AtomicInteger failures = new AtomicInteger(1);
    Function<String, Counter> factory =
        id -> {
          if (failures.getAndDecrement() > 0) {
            throw new IllegalStateException("boom");
          }
          return new Counter(id, tracker);
        };
    PassivationManager<Counter> manager =
        start(
            PassivationManager.builder(SERVICE, factory, CODEC)
                .store(new InMemoryStateStore())
                .ticker(clock)
                .scheduler(clock));
    ServantCreationException e =
        assertThrows(ServantCreationException.class, () -> manager.acquire("x"));
    assertTrue(e.getMessage().contains("boom") && e.getMessage().contains("x"), e.getMessage());
    assertEquals(1, add(manager, "x", 1));
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void aServantThatIsNotPassivatableIsRejected() throws Exception {
    Function<String, Counter> notCounters = (Function) (Function<String, Object>) id -> "text";
    PassivationManager<Counter> manager =
        start(
            PassivationManager.builder(SERVICE, notCounters, CODEC)
                .store(new InMemoryStateStore())
                .scheduler(clock));
    ServantCreationException e =
        assertThrows(ServantCreationException.class, () -> manager.acquire("x"));
    assertTrue(e.getMessage().contains("java.lang.String"), e.getMessage());
    assertTrue(e.getMessage().contains("Passivatable"), e.getMessage());
  }

  // ---- lifecycle ----

  @Test
  void stateMachine() throws Exception {
    PassivationManager<Counter> manager =
        builder(new InMemoryStateStore(), new PassivationPolicy(IDLE, 100)).build();
    assertThrows(IllegalStateException.class, () -> manager.acquire("x"));
    assertTrue(manager.passivateAll(Duration.ZERO));
    manager.start();
    assertThrows(IllegalStateException.class, manager::start);
    add(manager, "x", 1);
    manager.close();
    manager.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> manager.acquire("x"));
    assertTrue(e.getMessage().contains(SERVICE) && e.getMessage().contains("closed"));
    assertThrows(IllegalStateException.class, manager::start);
  }

  @Test
  void closePassivatesIdleObjectsNowAndBusyOnesOnRelease() throws Exception {
    InMemoryStateStore store = new InMemoryStateStore();
    PassivationManager<Counter> manager = start(store, new PassivationPolicy(IDLE, 100));
    add(manager, "idle", 1);
    Counter busy = manager.acquire("busy");
    busy.add(2);

    manager.close();
    assertEquals(List.of("idle"), tracker.passivatedIds);
    assertEquals(1, manager.stats().active());
    Future<Boolean> all = executor.submit(() -> manager.passivateAll(LONG));
    assertThrows(TimeoutException.class, () -> all.get(50, TimeUnit.MILLISECONDS));

    busy.add(3); // the call in flight still runs
    manager.release("busy", busy);
    assertTrue(all.get(10, TimeUnit.SECONDS));
    assertEquals(0, manager.stats().active());
    assertEquals(0, tracker.alive.get());
    assertEquals(new CounterState(5), CODEC.decode(store.load(SERVICE, "busy").orElseThrow()));
  }

  @Test
  void closeWakesCallsWaitingForAnObject() throws Exception {
    ControlledStore store = new ControlledStore();
    PassivationManager<Counter> manager = start(store, new PassivationPolicy(IDLE, 100));
    add(manager, "x", 5);
    store.closeGate();
    Future<?> sweep = executor.submit(() -> clock.advance(IDLE));
    store.awaitBlockedSave();
    Future<Long> waiting = executor.submit(() -> add(manager, "x", 1));
    assertThrows(TimeoutException.class, () -> waiting.get(50, TimeUnit.MILLISECONDS));

    manager.close();
    Exception e = assertThrows(Exception.class, () -> waiting.get(10, TimeUnit.SECONDS));
    assertInstanceOf(IllegalStateException.class, e.getCause());
    store.openGate();
    sweep.get(10, TimeUnit.SECONDS);
    assertEquals(new CounterState(5), CODEC.decode(store.load(SERVICE, "x").orElseThrow()));
  }

  @Test
  void passivateAllGivesUpOnBusyObjectsAfterMaxWait() throws Exception {
    PassivationManager<Counter> manager =
        start(new InMemoryStateStore(), new PassivationPolicy(IDLE, 100));
    add(manager, "idle", 1);
    Counter busy = manager.acquire("busy");

    assertFalse(manager.passivateAll(Duration.ofMillis(20)));
    assertEquals(List.of("idle"), tracker.passivatedIds);
    Counter again = manager.acquire("busy", 0, TimeUnit.MILLISECONDS); // serves calls again
    assertSame(busy, again);
    manager.release("busy", again);
    manager.release("busy", busy);
    assertTrue(manager.passivateAll(Duration.ZERO));
    assertEquals(List.of("idle", "busy"), tracker.passivatedIds);
  }

  @Test
  void strayReleasesAreIgnored() throws Exception {
    PassivationManager<Counter> manager =
        start(new InMemoryStateStore(), new PassivationPolicy(IDLE, 100));
    Counter c = manager.acquire("x");
    Counter stranger = new Counter("x", new Tracker());
    manager.release("x", stranger);
    manager.release("y", c);
    manager.release(null, null);
    assertEquals(1, manager.stats().inUse());
    manager.release("x", c);
    manager.release("x", c); // twice
    assertEquals(0, manager.stats().inUse());
    add(manager, "x", 1);
  }

  @Test
  void statsCountActivationsPassivationsAndStoreTime() throws Exception {
    FakeClock time = new FakeClock(); // the manager's ticker; each store call takes fake time
    InMemoryStateStore memory = new InMemoryStateStore();
    StateStore timed =
        new StateStore() {
          @Override
          public java.util.Optional<byte[]> load(String service, String objectId) {
            time.advance(3, TimeUnit.MILLISECONDS);
            return memory.load(service, objectId);
          }

          @Override
          public void save(String service, String objectId, byte[] state) {
            time.advance(5, TimeUnit.MILLISECONDS);
            memory.save(service, objectId, state);
          }

          @Override
          public void delete(String service, String objectId) {
            memory.delete(service, objectId);
          }

          @Override
          public void close() {}
        };
    PassivationManager<Counter> manager =
        start(
            PassivationManager.builder(SERVICE, tracker.counters(), CODEC)
                .store(timed)
                .ticker(time)
                .scheduler(clock));
    assertEquals(new PassivationStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), manager.stats());
    add(manager, "a", 1);
    add(manager, "b", 1);
    Counter held = manager.acquire("a");
    assertEquals(new PassivationStats(2, 1, 2, 0, 0, 0, 0, 2, 6_000_000, 0, 0), manager.stats());
    manager.release("a", held);
    assertTrue(manager.passivateAll(Duration.ZERO));
    add(manager, "a", 1);
    assertEquals(
        new PassivationStats(1, 0, 2, 1, 2, 0, 0, 3, 9_000_000, 2, 10_000_000), manager.stats());
  }

  @Test
  void builderAndPolicyValidation() {
    var builder = PassivationManager.builder(SERVICE, tracker.counters(), CODEC);
    IllegalStateException noStore = assertThrows(IllegalStateException.class, builder::build);
    assertTrue(noStore.getMessage().contains("store"), noStore.getMessage());
    builder.store(new InMemoryStateStore());
    IllegalStateException noScheduler = assertThrows(IllegalStateException.class, builder::build);
    assertTrue(noScheduler.getMessage().contains("scheduler"), noScheduler.getMessage());
    builder.scheduler(clock).createUnknown(true);
    assertThrows(IllegalStateException.class, () -> builder.scheduler(clock));
    assertThrows(IllegalStateException.class, () -> builder.createUnknown(false));
    assertEquals(PassivationPolicy.DEFAULT, builder.build().policy());
    assertThrows(NullPointerException.class, () -> builder.policy(null));
    assertThrows(
        NullPointerException.class,
        () -> PassivationManager.builder(null, tracker.counters(), CODEC));

    IllegalArgumentException zero =
        assertThrows(IllegalArgumentException.class, () -> new PassivationPolicy(Duration.ZERO, 1));
    assertEquals("passivation idle must be > 0, got PT0S", zero.getMessage());
    IllegalArgumentException negative =
        assertThrows(
            IllegalArgumentException.class, () -> new PassivationPolicy(Duration.ofSeconds(-1), 1));
    assertEquals("passivation idle must be > 0, got PT-1S", negative.getMessage());
    IllegalArgumentException none =
        assertThrows(IllegalArgumentException.class, () -> new PassivationPolicy(IDLE, 0));
    assertEquals("passivation max-active must be >= 1, got 0", none.getMessage());
    assertThrows(NullPointerException.class, () -> new PassivationPolicy(null, 1));
  }

  private static void awaitTrue(ThrowingCondition condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.test()) {
      if (System.nanoTime() > deadline) {
        fail("condition not met within 10 s");
      }
      Thread.sleep(1);
    }
  }

  @FunctionalInterface
  private interface ThrowingCondition {
    boolean test() throws Exception;
  }
}
