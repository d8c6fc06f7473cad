package org.remoting.benchmarks.micro;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;
import org.remoting.Concurrency;
import org.remoting.Lifecycle;
import org.remoting.benchmarks.Adder;
import org.remoting.benchmarks.AdderServant;
import org.remoting.lifecycle.LifecycleManager;
import org.remoting.lifecycle.LifecycleManagers;
import org.remoting.lifecycle.PoolPolicy;
import org.remoting.lifecycle.ServantPolicy;
import org.remoting.time.Scheduler;
import org.remoting.time.Ticker;

/**
 * What a servant's lifecycle costs each call: one {@link LifecycleManager#acquire} and one
 * {@link LifecycleManager#release} per operation, the bracket the invoker puts around every call,
 * without the call. Static and lazy hand out their one instance, per-request creates one (an
 * {@link AdderServant}) each time, pooled takes one from its idle list and puts it back under a
 * lock. Pooled is also measured with two threads sharing the pool, where they contend for that
 * lock. The managers run as the server runs them: the system ticker, a real scheduler (the pool's
 * idle sweep, every 30 s by default, so never during a measurement), the default pool policy.
 */
public class LifecycleBenchmark extends MicroBenchmark {
  private static final long ACQUIRE_TIMEOUT_SECONDS = 1;

  /** A started manager of one lifecycle, shared by the benchmark's threads. */
  @State(Scope.Benchmark)
  public abstract static class Running {
    LifecycleManager<Adder> manager;
    private ScheduledExecutorService executor;

    abstract Lifecycle lifecycle();

    /** Creates and starts the manager. */
    @Setup
    public void start() {
      executor =
          Executors.newSingleThreadScheduledExecutor(
              task -> {
                Thread thread = new Thread(task, "lifecycle-benchmark-scheduler");
                thread.setDaemon(true);
                return thread;
              });
      manager =
          LifecycleManagers.create(
              "bench.Adder",
              new ServantPolicy(lifecycle(), Concurrency.SHARED, PoolPolicy.DEFAULT),
              AdderServant::new,
              Ticker.system(),
              Scheduler.of(executor));
      manager.start();
    }

    /** Closes the manager and stops its scheduler. */
    @TearDown
    public void close() {
      manager.close();
      executor.shutdownNow();
    }
  }

  /** Each of the lifecycles that a {@link LifecycleManager} implements. */
  public static class EachLifecycle extends Running {
    @Param({"STATIC", "LAZY", "PER_REQUEST", "POOLED"})
    public Lifecycle lifecycle;

    @Override
    Lifecycle lifecycle() {
      return lifecycle;
    }
  }

  /** A pool, for threads to contend for. */
  public static class Pooled extends Running {
    @Override
    Lifecycle lifecycle() {
      return Lifecycle.POOLED;
    }
  }

  @Benchmark
  public void acquireRelease(EachLifecycle running, Blackhole blackhole)
      throws InterruptedException {
    acquireAndRelease(running.manager, blackhole);
  }

  @Benchmark
  @Threads(2)
  public void pooledTwoThreads(Pooled pool, Blackhole blackhole) throws InterruptedException {
    acquireAndRelease(pool.manager, blackhole);
  }

  private static void acquireAndRelease(LifecycleManager<Adder> manager, Blackhole blackhole)
      throws InterruptedException {
    Adder servant = manager.acquire(ACQUIRE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    blackhole.consume(servant);
    manager.release(servant);
  }
}
