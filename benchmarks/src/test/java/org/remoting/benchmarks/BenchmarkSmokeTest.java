package org.remoting.benchmarks;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.remoting.benchmarks.Scenario.Workload;

/**
 * Runs every scenario and probe for a moment, at tiny sizes, through the same code path as {@link
 * BenchmarkMain}, and checks that each completed without errors and that the report, the targets
 * and the chart come out. Measures nothing worth reading.
 */
class BenchmarkSmokeTest {
  /** Probe cells: reactivation 2, lease 1, heap 2, allocation 7. */
  private static final int PROBE_CELLS = 12;

  private static final String[] TINY_SIZES = {
    "--repeat", "1",
    "--reactivated-objects", "100",
    "--leased-objects", "1000",
    "--passivated-objects", "1000",
    "--active-objects", "100",
    "--allocation-calls", "200"
  };

  private static final BenchmarkOptions TINY =
      BenchmarkOptions.parse(
          concat(
              new String[] {
                "--no-fork",
                "--jit-warmup", "50ms",
                "--jit-warmup-max", "50ms",
                "--warmup", "100ms",
                "--duration", "200ms",
                "--concurrency", "1,4",
                "--payload-concurrency", "1,4"
              },
              TINY_SIZES));

  static {
    System.setProperty("java.awt.headless", "true"); // the chart needs no display
  }

  @TempDir Path dir;

  @Test
  void everyScenarioAndProbeCompletesWithoutErrors() throws Exception {
    List<CellResult> results = BenchmarkMain.run(TINY, line -> {});

    assertEquals(
        Scenarios.all(1).size() * 2 + PROBE_CELLS,
        results.size(),
        "one cell per scenario and threads, and the probes' cells");
    List<Executable> checks = new ArrayList<>();
    for (CellResult r : results) {
      String cell = r.scenario() + " " + r.workload().label() + " @" + r.concurrency();
      checks.add(() -> assertTrue(r.calls() > 0, cell + ": no calls completed"));
      checks.add(() -> assertEquals(0, r.errors(), cell + ": errors, first: " + r.firstError()));
      if (r.workload() != Workload.HEAP && r.workload() != Workload.ALLOCATION) {
        checks.add(() -> assertEquals(r.calls(), r.latency().getTotalCount(), cell));
      }
      for (CellResult.Metric m : r.metrics()) {
        checks.add(() -> assertTrue(Double.isFinite(m.value()), cell + ": " + m));
      }
    }
    assertAll(checks);

    List<Summary> rows = Summary.of(results);
    String table = MarkdownReport.table(rows, false);
    assertTrue(table.contains("| raw grpc-java | add(int,int) | 4 |"), table);
    assertTrue(table.contains("| framework pooled | add(int,int) | 4 |"), table);
    assertTrue(table.contains("| framework static | echo(byte[1024]) | 1 |"), table);
    assertTrue(
        table.contains("| framework sync-with-server | add(int,int) sync-with-server | 4 |"), table);
    assertTrue(table.contains("| framework static in-process | add(int,int) | 4 |"), table);
    assertTrue(table.contains("| raw grpc-java in-process | add(int,int) | 1 |"), table);
    assertTrue(table.contains("| framework passivated, file store | size() reactivating"), table);
    assertEquals("", MarkdownReport.notes(results));

    Summary lease = row(rows, LeaseProbe.NAME, Workload.LEASE_RENEWAL);
    assertEquals(1.0, lease.metric("renew calls per interval"), "one renew call per interval");
    assertEquals(1000.0, lease.metric("leases renewed per renew call"));
    assertEquals(1000.0, lease.metric("leased objects held by the client"));
    assertTrue(lease.metric("renew request message") > 1000 * 22, lease.metrics().toString());
    Summary heap = row(rows, PassivationProbes.HEAP_MEMORY_STORE, Workload.HEAP);
    assertEquals(1000.0, heap.metric("passivated objects"));
    assertEquals(100.0, heap.metric("active objects"));
    assertTrue(heap.metric("used heap after GC") > 0, heap.metrics().toString());
    Summary alloc = row(rows, Targets.STATIC, Workload.ALLOCATION);
    assertTrue(alloc.metric(AllocationProbe.BYTES_PER_CALL) > 0, alloc.toString());
    Summary allocInProcess =
        row(rows, Targets.STATIC + Scenarios.IN_PROCESS, Workload.ALLOCATION);
    assertTrue(allocInProcess.metric(AllocationProbe.BYTES_PER_CALL) > 0);
    Summary reactivation = row(rows, PassivationProbes.REACTIVATION, Workload.REACTIVATION);
    assertTrue(reactivation.p50Micros() > 0);
    assertTrue(reactivation.servantInstances() >= 3 * 100, "created, then reactivated twice");

    String report =
        BenchmarkMain.report(
            TINY, LocalDateTime.now(), Duration.ofSeconds(1), rows, results, dir.resolve("x.png"));
    assertTrue(report.contains("## Probes"), report);
    assertTrue(report.contains("| lease renewal ≤ 1 renew call per interval per client"), report);
    assertTrue(report.contains("| passivated reactivation p50 ≤ 1 ms"), report);
    assertTrue(report.contains("| bytes allocated per call ≤ 1.2× raw grpc-java"), report);
    assertTrue(report.contains("| framework sync ≥ 0.9× raw grpc-java calls/s"), report);
    assertTrue(report.contains("fewer objects than the target's) | not judged |"), report);
    assertTrue(report.contains("![latency percentiles](x.png)"), report);

    Path chart = dir.resolve("chart.png");
    assertTrue(LatencyChart.write(rows, "smoke", chart));
    BufferedImage image = ImageIO.read(chart.toFile());
    assertEquals(2 * LatencyChart.PANEL_WIDTH, image.getWidth(), "two panels a line");
    assertEquals(2 * LatencyChart.PANEL_HEIGHT, image.getHeight(), "1 and 4 threads, other calls");
  }

  @Test
  void theHeapProbeForksAJvmWithA512MibHeap() throws Exception {
    List<String> progress = new ArrayList<>();
    List<CellResult> results =
        BenchmarkMain.run(
            BenchmarkOptions.parse(
                concat(new String[] {"--only", "heap", "--jit-warmup", "0ms"}, TINY_SIZES)),
            progress::add);

    assertEquals(2, results.size(), String.join("\n", progress));
    CellResult memory = results.get(0);
    assertEquals(PassivationProbes.HEAP_MEMORY_STORE, memory.scenario());
    assertEquals(1100, memory.calls());
    double maxHeap = memory.metric("max heap (-Xmx)");
    assertTrue(maxHeap > 480 && maxHeap <= 512, "max heap " + maxHeap + " MiB");
    assertEquals(PassivationProbes.HEAP_FILE_STORE, results.get(1).scenario());
  }

  @Test
  void rowsAreTheMediansOfTheirRuns() {
    List<CellResult> runs = new ArrayList<>();
    for (long calls : new long[] {300, 100, 200}) {
      Histogram latency = new Histogram(3);
      latency.recordValue(calls * 1000);
      runs.add(
          new CellResult(
              "s",
              Workload.ADD,
              1,
              calls,
              calls == 100 ? 1 : 0,
              1_000_000_000L,
              latency,
              calls == 100 ? "boom" : null,
              1,
              List.of(new CellResult.Metric("m", calls / 100.0, "u"))));
    }
    List<Summary> rows = Summary.of(runs);

    assertEquals(1, rows.size());
    Summary row = rows.get(0);
    assertEquals(3, row.runs());
    assertEquals(200, row.callsPerSecond(), 1e-9);
    assertEquals(100, row.minCallsPerSecond(), 1e-9);
    assertEquals(300, row.maxCallsPerSecond(), 1e-9);
    assertEquals(200, row.p50Micros(), 1);
    assertEquals(2.0, row.metric("m"), 1e-9);
    assertEquals(1, row.errors());
    assertEquals("boom", row.firstError());
    assertEquals(3, row.allRuns().getTotalCount());
    assertTrue(MarkdownReport.table(rows, true).contains("| 3: 100–300 |"));
  }

  @Test
  void theChartLabelsPercentiles() {
    assertEquals("0%", LatencyChart.percentileLabel(1));
    assertEquals("90%", LatencyChart.percentileLabel(10));
    assertEquals("99.9%", LatencyChart.percentileLabel(1000));
    Histogram latency = new Histogram(3);
    for (int i = 1; i <= 1000; i++) {
      latency.recordValue(i * 1000L);
    }
    double[][] curve = LatencyChart.curve(latency);
    assertEquals(1, curve[0][0]);
    assertEquals(100, curve[0][curve[0].length - 1], 1e-9, "up to 99% with 1,000 calls");
    assertEquals(1.0, curve[1][0], 0.01, "0%: the fastest call, 1 µs");
  }

  private static Summary row(List<Summary> rows, String scenario, Workload workload) {
    return rows.stream()
        .filter(r -> r.scenario().equals(scenario) && r.workload() == workload)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row " + scenario + " " + workload));
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  @Test
  void aForkedJvmReportsItsCellsBack() throws Exception {
    List<String> progress = new ArrayList<>();
    List<CellResult> results =
        BenchmarkMain.run(
            BenchmarkOptions.parse(
                "--only", "static-echo",
                "--repeat", "1",
                "--jit-warmup", "0ms",
                "--warmup", "50ms",
                "--duration", "100ms",
                "--payload-concurrency", "2,3"),
            progress::add);

    assertEquals(2, results.size(), String.join("\n", progress));
    for (CellResult cell : results) {
      assertEquals("framework static", cell.scenario());
      assertEquals(Scenario.Workload.ECHO_1K, cell.workload());
      assertTrue(cell.calls() > 0 && cell.errors() == 0, cell.toString());
      assertEquals(cell.calls(), cell.latency().getTotalCount());
      assertEquals(1, cell.servantInstances());
    }
    assertEquals(List.of(2, 3), results.stream().map(CellResult::concurrency).toList());
  }

  @Test
  void lifecyclesCreateTheServantsTheyPromise() throws Exception {
    List<CellResult> results =
        BenchmarkMain.run(
            BenchmarkOptions.parse(
                "--no-fork",
                "--jit-warmup", "0ms",
                "--warmup", "0ms",
                "--duration", "150ms",
                "--concurrency", "4",
                "--only", "static,lazy,per-request,pooled",
                "--repeat", "1"),
            line -> {});
    Map<String, CellResult> byName =
        results.stream().collect(Collectors.toMap(CellResult::scenario, Function.identity()));

    assertEquals(1, byName.get("framework static").servantInstances());
    assertEquals(1, byName.get("framework lazy").servantInstances());
    CellResult perRequest = byName.get("framework per-request");
    assertTrue(
        perRequest.servantInstances() >= perRequest.calls(),
        "per-request: " + perRequest.servantInstances() + " instances for " + perRequest.calls());
    long pooled = byName.get("framework pooled").servantInstances();
    assertTrue(pooled >= 1 && pooled <= 4, "pooled with 4 threads: " + pooled + " instances");
  }

  @Test
  void failingAndWrongCallsAreCountedAsErrors() throws Exception {
    Scenario flaky =
        fake(
            sequence -> {
              if (sequence % 2 == 1) {
                throw new IllegalStateException("odd call " + sequence);
              }
              Thread.sleep(1);
            });
    try (Scenario.Session session = flaky.start()) {
      CellResult result =
          LoadGenerator.run(flaky, session, 2, Duration.ZERO, Duration.ofMillis(100));

      assertTrue(result.calls() > 0);
      assertTrue(result.errors() > 0);
      assertTrue(result.firstError().contains("odd call"), result.firstError());
      assertTrue(MarkdownReport.table(List.of(result)).contains("**" + result.errors() + "**"));
      assertTrue(MarkdownReport.notes(List.of(result)).contains("odd call"));
    }
  }

  @Test
  void theWindowLastsUntilACallStartedInItHasCompleted() throws Exception {
    // Every call stalls longer than the window, as a fire-and-forget sender held back by flow
    // control does: the first calls start in the warm-up, so none would start and end inside a
    // fixed 50 ms window.
    Scenario stalling = fake(sequence -> Thread.sleep(300));
    try (Scenario.Session session = stalling.start()) {
      CellResult result =
          LoadGenerator.run(stalling, session, 2, Duration.ofMillis(20), Duration.ofMillis(50));

      assertTrue(result.calls() > 0, "a call started in the window was measured");
      assertEquals(0, result.errors(), result.firstError());
      assertTrue(
          result.measuredNanos() >= Duration.ofMillis(250).toNanos(),
          "calls/s over the window's real length: " + result.measuredNanos() + " ns");
      assertTrue(result.latency().getMinValue() >= Duration.ofMillis(290).toNanos(), "each stalled");
    }
  }

  /** A scenario with no server: each call runs {@code call} in this JVM. */
  private static Scenario fake(Scenario.Call call) {
    return new Scenario() {
      @Override
      public String id() {
        return "fake";
      }

      @Override
      public String name() {
        return "fake";
      }

      @Override
      public Workload workload() {
        return Workload.ADD;
      }

      @Override
      public Session start() {
        return new Session() {
          @Override
          public Call newCall() {
            return call;
          }

          @Override
          public void close() {}
        };
      }
    };
  }

  @Test
  void badOptionsAreRejectedWithAMessage() {
    assertThrows(IllegalArgumentException.class, () -> BenchmarkOptions.parse("--duration", "0s"));
    assertThrows(IllegalArgumentException.class, () -> BenchmarkOptions.parse("--concurrency", "x"));
    assertThrows(IllegalArgumentException.class, () -> BenchmarkOptions.parse("--bogus"));
    assertTrue(BenchmarkOptions.parse().fork());
    assertTrue(!BenchmarkOptions.parse("--no-fork").fork());
    BenchmarkOptions quick = BenchmarkOptions.parse("--quick", "--concurrency", "2,8");
    assertEquals(Duration.ofMillis(300), quick.warmUp());
    BenchmarkOptions full = BenchmarkOptions.parse();
    assertEquals(Duration.ofSeconds(1), full.warmUp());
    assertEquals(Duration.ofSeconds(8), full.jitWarmUp());
    assertEquals(Duration.ofSeconds(20), full.jitWarmUpMax(), "adaptive by default");
    assertEquals(quick.jitWarmUp(), quick.jitWarmUpMax(), "quick: no adaptive warm-up");
    assertEquals(
        Duration.ofSeconds(3),
        BenchmarkOptions.parse("--jit-warmup", "3s").jitWarmUpMax(),
        "an explicit --jit-warmup alone is the whole warm-up");
    assertEquals(
        Duration.ofSeconds(10),
        BenchmarkOptions.parse("--jit-warmup", "3s", "--jit-warmup-max", "10s").jitWarmUpMax());
    assertEquals(
        Duration.ofSeconds(3),
        BenchmarkOptions.parse("--jit-warmup", "3s", "--jit-warmup-max", "1s").jitWarmUpMax(),
        "never below the least warm-up");
    assertEquals(List.of(2, 8), quick.concurrency());
    assertTrue(!quick.writesFile());
    assertTrue(BenchmarkOptions.parse("--quick", "--write").writesFile());
    assertTrue(BenchmarkOptions.parse().writesFile(), "a full run of everything");
    assertTrue(!BenchmarkOptions.parse("--only", "static").writesFile(), "a partial run");
    assertTrue(BenchmarkOptions.parse("--only", "static", "--write").writesFile());
    assertEquals(3, BenchmarkOptions.parse().repeat());
    assertEquals(1, quick.repeat());
    assertEquals(5, BenchmarkOptions.parse("--quick", "--repeat", "5").repeat());
    assertEquals(1_000_000, BenchmarkOptions.parse().passivatedObjects());
    assertEquals(100_000, BenchmarkOptions.parse().leasedObjects());
    assertEquals(2_000, BenchmarkOptions.parse("--leased-objects", "2,000").leasedObjects());
    assertThrows(IllegalArgumentException.class, () -> BenchmarkOptions.parse("--repeat", "0"));
    assertThrows(
        IllegalArgumentException.class, () -> BenchmarkOptions.parse("--active-objects", "x"));
    // BenchmarkMain hands a command line that starts with --jmh to JMH before parsing it.
    IllegalArgumentException jmhNotFirst =
        assertThrows(
            IllegalArgumentException.class, () -> BenchmarkOptions.parse("--quick", "--jmh"));
    assertTrue(jmhNotFirst.getMessage().contains("first"), jmhNotFirst.getMessage());
    assertEquals(
        Path.of("r", "2026-11-23-1200.png"),
        BenchmarkMain.chartFile(Path.of("r", "2026-11-23-1200.md")));
  }
}
