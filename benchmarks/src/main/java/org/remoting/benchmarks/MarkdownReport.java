package org.remoting.benchmarks;

import java.util.List;
import java.util.Locale;
import org.remoting.benchmarks.CellResult.Metric;
import org.remoting.benchmarks.Scenario.Workload;

/**
 * Formats results as markdown: the throughput and latency table (each row's throughput relative
 * to the baselines), the probes' measurements, and the targets, met or not.
 */
public final class MarkdownReport {
  private MarkdownReport() {}

  /** {@link #table(List, boolean)} of the cells' {@linkplain Summary rows}. */
  public static String table(List<CellResult> results) {
    return table(Summary.of(results), false);
  }

  /**
   * The results table: one row per cell with per-call latencies, in the given order. "vs raw
   * gRPC" and "vs RMI" divide the row's calls/s by those of {@link Scenarios#RAW_GRPC} (for an
   * in-process row, the in-process one; resp. {@link Scenarios#RMI}) for the same workload and
   * concurrency, or show "–" when that baseline was not run or does not apply.
   *
   * @param spread add a column with the lowest and highest calls/s of the runs
   */
  public static String table(List<Summary> rows, boolean spread) {
    StringBuilder out = new StringBuilder();
    out.append("| scenario | call | threads | calls/s ")
        .append(spread ? "| runs: min–max calls/s " : "")
        .append("| p50 µs | p99 µs | p99.9 µs | vs raw gRPC | vs RMI | errors |\n");
    out.append("|---|---|--:|--:|")
        .append(spread ? "--:|" : "")
        .append("--:|--:|--:|--:|--:|--:|\n");
    for (Summary r : rows) {
      if (!r.hasLatency()) {
        continue;
      }
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %d | %,.0f %s| %.1f | %.1f | %.1f | %s | %s | %s |%n",
              r.scenario(),
              r.workload().label(),
              r.concurrency(),
              r.callsPerSecond(),
              spread
                  ? String.format(
                      Locale.ROOT,
                      "| %d: %,.0f–%,.0f ",
                      r.runs(),
                      r.minCallsPerSecond(),
                      r.maxCallsPerSecond())
                  : "",
              r.p50Micros(),
              r.p99Micros(),
              r.p999Micros(),
              ratio(r, rows, rawBaseline(r)),
              r.scenario().endsWith(Scenarios.IN_PROCESS) ? "–" : ratio(r, rows, Scenarios.RMI),
              r.errors() == 0 ? "0" : "**" + r.errors() + "**"));
    }
    return out.toString();
  }

  /** The probes' measurements, one line per metric (medians over runs); empty if none. */
  public static String measurements(List<Summary> rows) {
    StringBuilder out = new StringBuilder();
    for (Summary r : rows) {
      for (Metric m : r.metrics()) {
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %s | %s | %s |%n",
                r.scenario(),
                r.workload().label(),
                m.name(),
                number(m.value()),
                m.unit()));
      }
    }
    if (out.length() == 0) {
      return "";
    }
    return "| scenario | probe | measurement | value | unit |\n|---|---|---|--:|---|\n" + out;
  }

  /** The targets table, or empty if no target's rows were run. */
  static String targets(List<Targets.Verdict> verdicts) {
    if (verdicts.isEmpty()) {
      return "";
    }
    StringBuilder out =
        new StringBuilder("| target | where | measured | met |\n|---|---|---|---|\n");
    for (Targets.Verdict v : verdicts) {
      out.append("| ")
          .append(v.target())
          .append(" | ")
          .append(v.where())
          .append(" | ")
          .append(v.measured())
          .append(" | ")
          .append(v.status().label)
          .append(" |\n");
    }
    return out.toString();
  }

  /** Lines for what the table cannot show: first errors. */
  public static String notes(List<CellResult> results) {
    StringBuilder out = new StringBuilder();
    for (Summary r : Summary.of(results)) {
      if (r.firstError() != null) {
        out.append(
            String.format(
                Locale.ROOT,
                "- %s %s, %d threads: %d errors; first: %s%n",
                r.scenario(),
                r.workload().label(),
                r.concurrency(),
                r.errors(),
                r.firstError()));
      }
    }
    return out.toString();
  }

  private static String number(double value) {
    if (Double.isNaN(value)) {
      return "–";
    }
    if (value == Math.rint(value) && Math.abs(value) >= 1) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    return String.format(Locale.ROOT, Math.abs(value) >= 100 ? "%,.0f" : "%.3g", value);
  }

  private static String rawBaseline(Summary row) {
    return row.scenario().endsWith(Scenarios.IN_PROCESS)
        ? Scenarios.RAW_GRPC + Scenarios.IN_PROCESS
        : Scenarios.RAW_GRPC;
  }

  private static boolean loadWorkload(Workload w) {
    return w == Workload.ADD
        || w == Workload.ECHO_1K
        || w == Workload.ONE_WAY
        || w == Workload.SYNC_WITH_SERVER;
  }

  private static String ratio(Summary row, List<Summary> rows, String baseline) {
    if (!loadWorkload(row.workload())) {
      return "–";
    }
    for (Summary candidate : rows) {
      if (candidate.is(baseline, row.workload().baseline(), row.concurrency())
          && candidate.callsPerSecond() > 0) {
        return String.format(Locale.ROOT, "%.2f", row.callsPerSecond() / candidate.callsPerSecond());
      }
    }
    return "–";
  }
}
