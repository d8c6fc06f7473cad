package org.remoting.benchmarks;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Runs every scenario for a moment, through the same code path as {@link BenchmarkMain}, and
 * checks that each completed calls without errors. Measures nothing worth reading.
 */
class BenchmarkSmokeTest {
  private static final BenchmarkOptions TINY =
      BenchmarkOptions.parse(
          "--no-fork",
          "--jit-warmup", "50ms",
          "--warmup", "100ms",
          "--duration", "200ms",
          "--concurrency", "1,4",
          "--payload-concurrency", "1,4");

  @Test
  void everyScenarioCompletesCallsWithoutErrors() throws Exception {
    List<CellResult> results = BenchmarkMain.run(TINY, line -> {});

    assertEquals(Scenarios.all(1).size() * 2, results.size(), "one cell per scenario and threads");
    List<Executable> checks = new ArrayList<>();
    for (CellResult r : results) {
      String cell = r.scenario() + " " + r.workload().label() + " @" + r.concurrency();
      checks.add(() -> assertTrue(r.calls() > 0, cell + ": no calls completed"));
      checks.add(() -> assertEquals(0, r.errors(), cell + ": errors, first: " + r.firstError()));
      checks.add(() -> assertEquals(r.calls(), r.latency().getTotalCount(), cell));
    }
    assertAll(checks);

    String table = MarkdownReport.table(results);
    assertTrue(table.contains("| raw grpc-java | add(int,int) | 4 |"), table);
    assertTrue(table.contains("| framework pooled | add(int,int) | 4 |"), table);
    assertTrue(table.contains("| framework static | echo(byte[1024]) | 1 |"), table);
    assertEquals("", MarkdownReport.notes(results));
  }

  @Test
  void aForkedJvmReportsItsCellsBack() throws Exception {
    List<String> progress = new ArrayList<>();
    List<CellResult> results =
        BenchmarkMain.run(
            BenchmarkOptions.parse(
                "--only", "static-echo",
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
                "--only", "static,lazy,per-request,pooled"),
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
        new Scenario() {
          @Override
          public String id() {
            return "flaky";
          }

          @Override
          public String name() {
            return "flaky";
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
                return sequence -> {
                  if (sequence % 2 == 1) {
                    throw new IllegalStateException("odd call " + sequence);
                  }
                  Thread.sleep(1);
                };
              }

              @Override
              public void close() {}
            };
          }
        };
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
  void badOptionsAreRejectedWithAMessage() {
    assertThrows(IllegalArgumentException.class, () -> BenchmarkOptions.parse("--duration", "0s"));
    assertThrows(IllegalArgumentException.class, () -> BenchmarkOptions.parse("--concurrency", "x"));
    assertThrows(IllegalArgumentException.class, () -> BenchmarkOptions.parse("--bogus"));
    assertTrue(BenchmarkOptions.parse().fork());
    assertTrue(!BenchmarkOptions.parse("--no-fork").fork());
    BenchmarkOptions quick = BenchmarkOptions.parse("--quick", "--concurrency", "2,8");
    assertEquals(Duration.ofMillis(500), quick.warmUp());
    assertEquals(List.of(2, 8), quick.concurrency());
    assertTrue(!quick.writesFile());
    assertTrue(BenchmarkOptions.parse("--quick", "--write").writesFile());
    assertTrue(BenchmarkOptions.parse().writesFile(), "a full run of everything");
    assertTrue(!BenchmarkOptions.parse("--only", "static").writesFile(), "a partial run");
    assertTrue(BenchmarkOptions.parse("--only", "static", "--write").writesFile());
  }
}
