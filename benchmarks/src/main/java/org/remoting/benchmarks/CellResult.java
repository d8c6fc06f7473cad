package org.remoting.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The measurement of one scenario at one concurrency: one row of the results table.
 *
 * @param scenario the scenario's table name
 * @param workload the call made
 * @param concurrency client threads
 * @param calls successful calls started during the measurement window ({@link LoadGenerator}:
 *     it lasts until at least one has completed)
 * @param errors failed calls (exception or wrong result), during warm-up and measurement
 * @param measuredNanos actual length of the measurement window
 * @param latency per-call latency in nanoseconds of the successful measured calls
 * @param firstError the first failure's description, or null if none
 * @param servantInstances servant instances the server had created by the end, or -1 if unknown
 * @param metrics what a {@link Probe} measured besides calls and latency, in order; empty for a
 *     closed-loop {@link Scenario} cell
 */
public record CellResult(
    String scenario,
    Scenario.Workload workload,
    int concurrency,
    long calls,
    long errors,
    long measuredNanos,
    Histogram latency,
    String firstError,
    long servantInstances,
    List<Metric> metrics) {

  /** One named number, such as {@code heap used after GC} in {@code MiB}. */
  public record Metric(String name, double value, String unit) {}

  public CellResult {
    metrics = List.copyOf(metrics);
  }

  /** A closed-loop cell: no metrics besides calls and latency. */
  public CellResult(
      String scenario,
      Scenario.Workload workload,
      int concurrency,
      long calls,
      long errors,
      long measuredNanos,
      Histogram latency,
      String firstError,
      long servantInstances) {
    this(
        scenario,
        workload,
        concurrency,
        calls,
        errors,
        measuredNanos,
        latency,
        firstError,
        servantInstances,
        List.of());
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

  /** This result with {@code moreErrors} more errors, seen before it (such as in a JIT warm-up). */
  public CellResult plusEarlierErrors(long moreErrors, String earlierFirstError) {
    if (moreErrors == 0) {
      return this;
    }
    return new CellResult(
        scenario,
        workload,
        concurrency,
        calls,
        errors + moreErrors,
        measuredNanos,
        latency,
        earlierFirstError != null ? earlierFirstError : firstError,
        servantInstances,
        metrics);
  }

  /** Successful calls per second over the measurement window. */
  public double callsPerSecond() {
    return measuredNanos == 0 ? 0 : calls * (double) TimeUnit.SECONDS.toNanos(1) / measuredNanos;
  }

  /** Latency at {@code percentile} (0..100) in microseconds, 0 if nothing was measured. */
  public double latencyMicros(double percentile) {
    return latency.getTotalCount() == 0
        ? 0
        : latency.getValueAtPercentile(percentile) / (double) TimeUnit.MICROSECONDS.toNanos(1);
  }
}
