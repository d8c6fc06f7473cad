package org.remoting.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.remoting.Lifecycle;
import org.remoting.benchmarks.CellResult.Metric;
import org.remoting.benchmarks.Scenario.Workload;

/**
 * Bytes allocated per {@code add(int, int)} call, raw grpc-java against the framework (static),
 * over TCP loopback and over the in-process transport (where the transport allocates less, so the
 * framework's own share shows more), client and server in this JVM: the heap allocated by every
 * thread of the JVM (client, transport and server threads alike), summed with {@link
 * com.sun.management.ThreadMXBean#getThreadAllocatedBytes(long[])} before and after {@code
 * --allocation-calls} calls made one after another from one thread, after a JIT warm-up of as
 * many calls (and at least {@code --jit-warmup}). Threads
 * started in between count from zero; a thread that ended in between would be missed (the
 * transports' threads live on). Allocation outside the call path in that time (a timer, a GC
 * helper) counts too, alike for both.
 */
final class AllocationProbe implements Probe {
  static final String BYTES_PER_CALL = "bytes allocated per call, all threads";

  @Override
  public String id() {
    return "alloc";
  }

  @Override
  public String name() {
    return "bytes allocated per call, raw grpc-java vs framework";
  }

  /** It counts bytes, which vary little from run to run (under 1% here): once is enough. */
  @Override
  public boolean repeats() {
    return false;
  }

  @Override
  public List<CellResult> run(BenchmarkOptions options, Consumer<String> progress)
      throws Exception {
    List<CellResult> cells = new ArrayList<>();
    for (Scenario scenario :
        List.of(
            Scenarios.rawGrpc(Workload.ADD),
            Scenarios.framework(Lifecycle.STATIC, Workload.ADD, 1),
            Scenarios.framework(Lifecycle.STATIC, Workload.ADD, 1, true),
            Scenarios.rawGrpcInProcess(),
            Scenarios.rawGrpcInProcess(true),
            Scenarios.frameworkInProcess(false),
            Scenarios.frameworkInProcess(true))) {
      cells.add(measure(scenario, options, progress));
    }
    return cells;
  }

  private static CellResult measure(
      Scenario scenario, BenchmarkOptions options, Consumer<String> progress) throws Exception {
    int calls = options.allocationCalls();
    try (Scenario.Session session = scenario.start()) {
      Scenario.Call call = session.newCall();
      // Warm up for as many calls as are measured, and at least the JIT warm-up: code the JIT
      // has not compiled yet allocates what escape analysis would later remove.
      progress.accept(
          String.format(
              "alloc: %s: JIT warm-up, %,d calls and at least %d ms, at 1 thread",
              scenario.name(),
              calls,
              options.jitWarmUp().toMillis()));
      long end = System.nanoTime() + options.jitWarmUp().toNanos();
      int sequence = 0;
      do {
        call.invoke(sequence++);
      } while (sequence < calls || System.nanoTime() - end < 0);
      progress.accept(String.format("alloc: %s: %,d calls", scenario.name(), calls));
      System.gc();
      Map<Long, Long> before = allocatedBytes();
      long start = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        call.invoke(i);
      }
      long nanos = System.nanoTime() - start;
      Map<Long, Long> after = allocatedBytes();
      long bytes = 0;
      for (Map.Entry<Long, Long> thread : after.entrySet()) {
        bytes += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
      }
      return new CellResult(
          scenario.name(),
          Workload.ALLOCATION,
          1,
          calls,
          0,
          nanos,
          ProbeSupport.histogram(),
          null,
          session.servantInstances(),
          List.of(
              new Metric("calls measured", calls, "calls"),
              new Metric(BYTES_PER_CALL, bytes / (double) calls, "bytes")));
    }
  }

  /** Heap bytes allocated so far by each live thread, by thread id. */
  static Map<Long, Long> allocatedBytes() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long[] ids = threads.getAllThreadIds();
    long[] bytes = threads.getThreadAllocatedBytes(ids);
    Map<Long, Long> byThread = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      if (bytes[i] >= 0) { // -1: ended meanwhile, or measurement off
        byThread.put(ids[i], bytes[i]);
      }
    }
    return byThread;
  }
}
