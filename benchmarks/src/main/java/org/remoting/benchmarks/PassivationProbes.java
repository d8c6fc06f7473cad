package org.remoting.benchmarks;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.remoting.benchmarks.CellResult.Metric;
import org.remoting.benchmarks.Scenario.Workload;
import org.remoting.runtime.RemotingClient;
import org.remoting.runtime.RemotingServer;
import org.remoting.testing.FakeClock;

/**
 * The passivated lifecycle's probes: how long the first call of a passivated object takes (it
 * reactivates the object from the file store), and how much heap a server needs with many
 * passivated objects and some active ones.
 */
final class PassivationProbes {
  static final String REACTIVATION = "framework passivated, file store";
  static final String HEAP_MEMORY_STORE = "framework passivated, memory store";
  static final String HEAP_FILE_STORE = "framework passivated, file store";

  static final int STATE_BYTES = 1024;

  /** The state of the heap probe's objects: small, so the disk and the memory store stay small. */
  static final int HEAP_STATE_BYTES = 16;

  private static final Duration IDLE = Duration.ofMinutes(1);

  private PassivationProbes() {}

  /**
   * Reactivation latency: {@code --reactivated-objects} objects with 1 KiB of state each are
   * passivated to the file store by the idle sweep (time advanced on a {@link FakeClock}, so
   * nothing else passivates them), then each gets one call, timed, at one client thread over TCP
   * loopback: that call loads the file, decodes the state, creates the servant, restores it and
   * runs the method. A second call of each, to the now active object, is timed too, for
   * comparison. Rounds repeat for the JIT warm-up (not recorded), then for the measurement
   * window. {@code max-active} is above the object count, so no reactivation has to passivate
   * another object first. The files were written moments before, so they are read from the OS
   * page cache, not the disk.
   */
  static Probe reactivation() {
    return new Probe() {
      @Override
      public String id() {
        return "reactivation";
      }

      @Override
      public String name() {
        return "passivated objects reactivated from the file store";
      }

      @Override
      public List<CellResult> run(BenchmarkOptions options, Consumer<String> progress)
          throws Exception {
        int objects = options.reactivatedObjects();
        Path dir = ProbeSupport.scratchDirectory("reactivation");
        FakeClock clock = new FakeClock();
        AtomicLong created = new AtomicLong();
        RemotingServer server = null;
        RemotingClient client = null;
        try {
          server =
              RemotingServer.builder()
                  .port(0)
                  .config(
                      ConfigFactory.parseString(
                          "remoting.server.host = \"" + Scenarios.LOOPBACK + "\"\n"
                              + passivation(dir, "file", 10 * objects)))
                  .ticker(clock)
                  .scheduler(clock)
                  .export(
                      Account.class,
                      AccountServant.class,
                      id -> {
                        created.incrementAndGet();
                        return new AccountServant(id);
                      })
                  .build()
                  .start();
          client = Scenarios.loopbackClient(server.port());
          byte[] state = new byte[STATE_BYTES];
          new Random(42).nextBytes(state);
          List<Account> accounts = new ArrayList<>(objects);
          for (int i = 0; i < objects; i++) {
            Account account = client.lookup(Account.class, "object-" + i);
            check(account.store(state) == STATE_BYTES, "store returned a wrong length");
            accounts.add(account);
          }
          progress.accept(
              "reactivation: JIT warm-up " + options.jitWarmUp().toMillis() + " ms in rounds of "
                  + objects + " objects");
          Histogram reactivations = ProbeSupport.histogram();
          Histogram active = ProbeSupport.histogram();
          long[] nanos = new long[2];
          long end = System.nanoTime() + options.jitWarmUp().toNanos();
          do {
            round(clock, accounts, created, null, null, nanos);
          } while (System.nanoTime() - end < 0);
          progress.accept("reactivation: measure " + options.measure().toMillis() + " ms");
          nanos[0] = 0;
          nanos[1] = 0;
          int rounds = 0;
          end = System.nanoTime() + options.measure().toNanos();
          do {
            round(clock, accounts, created, reactivations, active, nanos);
            rounds++;
          } while (System.nanoTime() - end < 0);
          List<Metric> metrics =
              List.of(
                  new Metric("objects reactivated", reactivations.getTotalCount(), "objects"),
                  new Metric("state per object", STATE_BYTES, "bytes"));
          return List.of(
              new CellResult(
                  REACTIVATION,
                  Workload.REACTIVATION,
                  1,
                  reactivations.getTotalCount(),
                  0,
                  nanos[0],
                  reactivations,
                  null,
                  created.get(),
                  metrics),
              new CellResult(
                  REACTIVATION,
                  Workload.ACTIVE_OBJECT,
                  1,
                  active.getTotalCount(),
                  0,
                  nanos[1],
                  active,
                  null,
                  created.get(),
                  List.of()));
        } finally {
          if (client != null) {
            client.close();
          }
          if (server != null) {
            server.close();
          }
          ProbeSupport.deleteTree(dir);
        }
      }
    };
  }

  /**
   * One round: passivate every object by advancing time past the idle limit, then time one call
   * of each (a reactivation), then one more (an active object).
   */
  private static void round(
      FakeClock clock,
      List<Account> accounts,
      AtomicLong created,
      Histogram reactivations,
      Histogram active,
      long[] nanos) {
    clock.advance(IDLE.plusSeconds(1)); // the idle sweep passivates every object, on this thread
    long before = created.get();
    long start = System.nanoTime();
    for (Account account : accounts) {
      long t0 = System.nanoTime();
      int size = account.size();
      long t1 = System.nanoTime();
      check(size == STATE_BYTES, "a reactivated object has " + size + " bytes of state");
      if (reactivations != null) {
        ProbeSupport.record(reactivations, t1 - t0);
      }
    }
    long middle = System.nanoTime();
    long reactivated = created.get() - before;
    check(
        reactivated == accounts.size(),
        reactivated + " of " + accounts.size() + " calls reactivated their object");
    for (Account account : accounts) {
      long t0 = System.nanoTime();
      int size = account.size();
      long t1 = System.nanoTime();
      check(size == STATE_BYTES, "an active object has " + size + " bytes of state");
      if (active != null) {
        ProbeSupport.record(active, t1 - t0);
      }
    }
    check(created.get() - before == reactivated, "a call to an active object created another");
    nanos[0] += middle - start;
    nanos[1] += System.nanoTime() - middle;
  }

  /**
   * Heap with many passivated objects and some active ones, in a JVM limited to 512 MiB. Every
   * object is created by a call through the framework (in-process transport, so the network
   * stack is not in the heap), with {@code max-active} = the active count, so each object beyond
   * it makes the server passivate the least recently used one. Two parts:
   *
   * <ol>
   *   <li><b>Memory store</b>, at full size ({@code --passivated-objects} +
   *       {@code --active-objects}): used heap after GC, which then includes every passivated
   *       object's stored state, so it bounds the file store's case from above. (With the file
   *       store every passivation is an fsync'd file write, about 0.5–2 ms each here: a million
   *       would take the benchmark a quarter of an hour.)
   *   <li><b>File store</b>, the default, at a sample size (a tenth of the passivated count, at
   *       most 2,000, with at most 500 active): heap per passivated object, from the used heap
   *       after GC before and after the server passivated that many objects.
   * </ol>
   */
  static Probe heap() {
    return new Probe() {
      @Override
      public String id() {
        return "heap";
      }

      @Override
      public String name() {
        return "heap with passivated and active objects";
      }

      @Override
      public List<String> jvmOptions() {
        return List.of("-Xmx512m");
      }

      @Override
      public boolean repeats() {
        return false;
      }

      @Override
      public List<CellResult> run(BenchmarkOptions options, Consumer<String> progress)
          throws Exception {
        List<CellResult> cells = new ArrayList<>();
        cells.add(memoryStore(options, progress));
        cells.add(fileStore(options, progress));
        return cells;
      }
    };
  }

  private static CellResult memoryStore(BenchmarkOptions options, Consumer<String> progress)
      throws Exception {
    int active = options.activeObjects();
    int passivated = options.passivatedObjects();
    String name = "bench-heap-" + UUID.randomUUID();
    long baseline;
    long used;
    long nanos;
    RemotingServer server =
        RemotingServer.builder()
            .inProcess(name)
            .config(ConfigFactory.parseString(passivation(null, "memory", active)))
            .export(Account.class, AccountServant.class)
            .build()
            .start();
    try (RemotingClient client = RemotingClient.connect("in-process:" + name)) {
      client.lookup(Account.class, "warm-up").size();
      baseline = ProbeSupport.usedHeapAfterGc();
      progress.accept(
          String.format(
              "heap: creating %,d objects through the framework (memory store, max-active %,d)",
              passivated + active,
              active));
      long start = System.nanoTime();
      create(client, "object-", passivated + active, 2);
      nanos = System.nanoTime() - start;
      used = ProbeSupport.usedHeapAfterGc();
      // Both ends of the range are still there: one passivated, one active.
      check(client.lookup(Account.class, "object-0").size() == HEAP_STATE_BYTES, "object-0 lost");
      check(
          client.lookup(Account.class, "object-" + (passivated + active - 1)).size()
              == HEAP_STATE_BYTES,
          "the last object lost");
    } finally {
      server.close();
    }
    return new CellResult(
        HEAP_MEMORY_STORE,
        Workload.HEAP,
        2,
        passivated + active,
        0,
        nanos,
        ProbeSupport.histogram(),
        null,
        -1,
        List.of(
            new Metric("passivated objects", passivated, "objects"),
            new Metric("active objects", active, "objects"),
            new Metric("used heap after GC", ProbeSupport.mib(used), "MiB"),
            new Metric("max heap (-Xmx)", ProbeSupport.mib(ProbeSupport.maxHeap()), "MiB"),
            new Metric("used heap after GC before the objects", ProbeSupport.mib(baseline), "MiB"),
            new Metric(
                "heap per object (passivated or active)",
                (used - baseline) / (double) (passivated + active),
                "bytes"),
            new Metric(
                "objects created per second",
                (passivated + active) / (nanos / 1e9),
                "objects/s")));
  }

  /** The file store part of {@link #heap()}: sample sizes, as each passivation is an fsync. */
  private static CellResult fileStore(BenchmarkOptions options, Consumer<String> progress)
      throws Exception {
    int active = Math.min(options.activeObjects(), 500);
    int passivated = Math.min(options.passivatedObjects() / 10, 2_000);
    Path dir = ProbeSupport.scratchDirectory("heap");
    String name = "bench-heap-" + UUID.randomUUID();
    long withActive;
    long withPassivated;
    long nanos;
    try {
      RemotingServer server =
          RemotingServer.builder()
              .inProcess(name)
              .config(ConfigFactory.parseString(passivation(dir, "file", active)))
              .export(Account.class, AccountServant.class)
              .build()
              .start();
      try (RemotingClient client = RemotingClient.connect("in-process:" + name)) {
        progress.accept(
            String.format(
                "heap: file store, %,d active objects, then %,d more (each passivates one)",
                active,
                passivated));
        create(client, "active-", active, 1);
        withActive = ProbeSupport.usedHeapAfterGc();
        long start = System.nanoTime();
        create(client, "more-", passivated, 4);
        nanos = System.nanoTime() - start;
        withPassivated = ProbeSupport.usedHeapAfterGc();
        check(client.lookup(Account.class, "active-0").size() == HEAP_STATE_BYTES, "lost state");
      } finally {
        server.close(); // passivates the active objects: more fsyncs, not measured
      }
    } finally {
      ProbeSupport.deleteTree(dir);
    }
    return new CellResult(
        HEAP_FILE_STORE,
        Workload.HEAP,
        4,
        passivated,
        0,
        nanos,
        ProbeSupport.histogram(),
        null,
        -1,
        List.of(
            new Metric("objects passivated by the server (sample)", passivated, "objects"),
            new Metric(
                "heap per passivated object",
                (withPassivated - withActive) / (double) passivated,
                "bytes"),
            new Metric(
                "objects created per second, each passivating one (fsync)",
                passivated / (nanos / 1e9),
                "objects/s")));
  }

  /**
   * Creates {@code count} objects {@code prefix0..}, each by one {@code store} call, from {@code
   * threads} client threads.
   */
  private static void create(RemotingClient client, String prefix, int count, int threads)
      throws InterruptedException {
    byte[] state = new byte[HEAP_STATE_BYTES];
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker =
          new Thread(
              () -> {
                try {
                  for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    if (failure.get() != null) {
                      return;
                    }
                    client.lookup(Account.class, prefix + i).store(state);
                  }
                } catch (RuntimeException | Error e) {
                  failure.compareAndSet(null, e);
                }
              },
              "bench-create-" + t);
      worker.start();
      workers.add(worker);
    }
    for (Thread worker : workers) {
      worker.join();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("creating objects failed: " + failure.get(), failure.get());
    }
  }

  /** The configuration of {@code bench.Account}: passivated, idle 1 minute. */
  private static String passivation(Path dir, String store, int maxActive) {
    return "remoting.servants.\"bench.Account\".passivation { idle = "
        + IDLE.toSeconds()
        + "s, max-active = "
        + maxActive
        + ", store = "
        + store
        + (dir == null ? "" : ", dir = \"" + dir.toString().replace("\\", "/") + "\"")
        + " }";
  }

  static void check(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException(message);
    }
  }
}
