package org.remoting.benchmarks;

import java.util.List;
import java.util.Locale;

/** Formats results as a markdown table, with each row's throughput relative to the baselines. */
public final class MarkdownReport {
  private MarkdownReport() {}

  /**
   * The results table: one row per cell, in the given order. "vs raw gRPC" and "vs RMI" divide the
   * row's calls/s by those of {@link Scenarios#RAW_GRPC} (for an in-process row, the in-process
   * one; resp. {@link Scenarios#RMI}, not for in-process rows) for the same workload and
   * concurrency, or show "–" when that baseline was not run.
   */
  public static String table(List<CellResult> results) {
    StringBuilder out = new StringBuilder();
    out.append("| scenario | call | threads | calls/s | p50 µs | p99 µs | p99.9 µs ")
        .append("| vs raw gRPC | vs RMI | errors |\n");
    out.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for (CellResult r : results) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %d | %,.0f | %.1f | %.1f | %.1f | %s | %s | %s |%n",
              r.scenario(),
              r.workload().label(),
              r.concurrency(),
              r.callsPerSecond(),
              r.latencyMicros(50),
              r.latencyMicros(99),
              r.latencyMicros(99.9),
              ratio(r, results, rawBaseline(r)),
              r.scenario().endsWith(Scenarios.IN_PROCESS) ? "–" : ratio(r, results, Scenarios.RMI),
              r.errors() == 0 ? "0" : "**" + r.errors() + "**"));
    }
    return out.toString();
  }

  /** Lines for what the table cannot show: first errors and servant instance counts. */
  public static String notes(List<CellResult> results) {
    StringBuilder out = new StringBuilder();
    for (CellResult r : results) {
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

  /** Raw grpc-java over the same transport: in-process rows against the in-process baseline. */
  private static String rawBaseline(CellResult row) {
    return row.scenario().endsWith(Scenarios.IN_PROCESS)
        ? Scenarios.RAW_GRPC + Scenarios.IN_PROCESS
        : Scenarios.RAW_GRPC;
  }

  private static String ratio(CellResult row, List<CellResult> results, String baseline) {
    for (CellResult candidate : results) {
      if (candidate.scenario().equals(baseline)
          && candidate.workload() == row.workload().baseline()
          && candidate.concurrency() == row.concurrency()
          && candidate.callsPerSecond() > 0) {
        return String.format(Locale.ROOT, "%.2f", row.callsPerSecond() / candidate.callsPerSecond());
      }
    }
    return "–";
  }
}
