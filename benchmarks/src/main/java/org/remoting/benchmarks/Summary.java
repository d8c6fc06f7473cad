package org.remoting.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;
import org.remoting.benchmarks.CellResult.Metric;
import org.remoting.benchmarks.Scenario.Workload;

/**
 * One row of the report: a cell (scenario × call × threads) over all its runs. Every number is
 * the median of the runs' numbers, each taken separately (calls/s, each percentile, each metric),
 * so one unlucky run moves none of them; errors are summed over the runs.
 *
 * @param runs how many runs the row summarizes
 * @param minCallsPerSecond the lowest calls/s of the runs, to show their spread
 * @param maxCallsPerSecond the highest
 * @param allRuns the latency of every run merged, for the chart (its percentiles may differ
 *     slightly from the medians of the runs' percentiles)
 */
public record Summary(
    String scenario,
    Workload workload,
    int concurrency,
    int runs,
    double callsPerSecond,
    double minCallsPerSecond,
    double maxCallsPerSecond,
    double p50Micros,
    double p99Micros,
    double p999Micros,
    long errors,
    String firstError,
    long servantInstances,
    List<Metric> metrics,
    Histogram allRuns) {

  /** The rows of {@code cells}, one per scenario, call and thread count, in first-seen order. */
  public static List<Summary> of(List<CellResult> cells) {
    Map<List<Object>, List<CellResult>> groups = new LinkedHashMap<>();
    for (CellResult cell : cells) {
      groups
          .computeIfAbsent(
              List.of(cell.scenario(), cell.workload(), cell.concurrency()),
              k -> new ArrayList<>())
          .add(cell);
    }
    List<Summary> rows = new ArrayList<>();
    for (List<CellResult> runs : groups.values()) {
      rows.add(summarize(runs));
    }
    return rows;
  }

  private static Summary summarize(List<CellResult> runs) {
    CellResult first = runs.get(0);
    Histogram merged = new Histogram(ProbeSupport.HIGHEST_TRACKABLE_NANOS, 3);
    long errors = 0;
    String firstError = null;
    for (CellResult run : runs) {
      merged.add(run.latency());
      errors += run.errors();
      firstError = firstError != null ? firstError : run.firstError();
    }
    List<Metric> metrics = new ArrayList<>();
    for (Metric m : first.metrics()) {
      metrics.add(new Metric(m.name(), median(runs, r -> r.metric(m.name())), m.unit()));
    }
    double[] rates = runs.stream().mapToDouble(CellResult::callsPerSecond).toArray();
    return new Summary(
        first.scenario(),
        first.workload(),
        first.concurrency(),
        runs.size(),
        median(runs, CellResult::callsPerSecond),
        Arrays.stream(rates).min().orElse(0),
        Arrays.stream(rates).max().orElse(0),
        median(runs, r -> r.latencyMicros(50)),
        median(runs, r -> r.latencyMicros(99)),
        median(runs, r -> r.latencyMicros(99.9)),
        errors,
        firstError,
        runs.stream().mapToLong(CellResult::servantInstances).max().orElse(-1),
        metrics,
        merged);
  }

  /** The median of {@code f} over the runs (the mean of the middle two for an even count). */
  static double median(List<CellResult> runs, ToDoubleFunction<CellResult> f) {
    double[] values = runs.stream().mapToDouble(f).filter(v -> !Double.isNaN(v)).sorted().toArray();
    if (values.length == 0) {
      return Double.NaN;
    }
    int mid = values.length / 2;
    return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }

  /** The metric called {@code name}, or NaN if there is none. */
  public double metric(String name) {
    for (Metric m : metrics) {
      if (m.name().equals(name)) {
        return m.value();
      }
    }
    return Double.NaN;
  }

  /** Whether this row has per-call latencies to show in the table and the chart. */
  public boolean hasLatency() {
    return allRuns.getTotalCount() > 0;
  }

  /** Whether this row is {@code scenario} with {@code workload} at {@code concurrency}. */
  public boolean is(String scenario, Workload workload, int concurrency) {
    return Objects.equals(this.scenario, scenario)
        && this.workload == workload
        && this.concurrency == concurrency;
  }
}
