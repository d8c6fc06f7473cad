package org.remoting.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.remoting.benchmarks.Scenario.Workload;

/**
 * The targets of the benchmark (issue 7), each judged against the report's rows: met, missed, or
 * not judged (with the reason, such as a run smaller than the target's size). A target whose rows
 * were not run (with {@code --only}) is left out. A missed target is a finding to report, not a
 * failure of the run.
 */
final class Targets {
  static final String STATIC = "framework static";
  static final String STATIC_DIRECT = STATIC + Scenarios.DIRECT;
  static final String LAZY = "framework lazy";
  static final String PER_REQUEST = "framework per-request";
  static final String POOLED = "framework pooled";
  static final String ONE_WAY = "framework fire-and-forget";

  static final int HEAP_PASSIVATED = 1_000_000;
  static final int HEAP_ACTIVE = 10_000;
  static final double HEAP_LIMIT_MIB = 512;

  /** How a target fared. */
  enum Status {
    MET("yes"),
    MISSED("**no**"),
    NOT_JUDGED("not judged");

    final String label;

    Status(String label) {
      this.label = label;
    }
  }

  /**
   * One target at one place.
   *
   * @param target the target, as the issue states it
   * @param where the row(s) and thread count judged
   * @param measured what was measured, in the target's terms
   * @param status met, missed or not judged
   */
  record Verdict(String target, String where, String measured, Status status) {}

  private Targets() {}

  static List<Verdict> judge(List<Summary> rows) {
    List<Verdict> verdicts = new ArrayList<>();
    for (int c : concurrencies(rows)) {
      for (String framework : List.of(STATIC, LAZY, STATIC_DIRECT)) {
        Summary row = find(rows, framework, Workload.ADD, c);
        Summary raw = find(rows, Scenarios.RAW_GRPC, Workload.ADD, c);
        if (row != null && raw != null) {
          double rate = row.callsPerSecond() / raw.callsPerSecond();
          verdicts.add(
              atLeast("framework sync ≥ 0.9× raw grpc-java calls/s", framework, c, rate, 0.9));
          double p50 = row.p50Micros() / raw.p50Micros();
          verdicts.add(
              new Verdict(
                  "framework sync p50 ≤ 1.1× raw grpc-java p50",
                  framework + ", " + threads(c),
                  times(p50),
                  p50 <= 1.1 ? Status.MET : Status.MISSED));
        }
      }
    }
    Summary rmi64 = find(rows, Scenarios.RMI, Workload.ADD, 64);
    for (String framework : List.of(STATIC, STATIC_DIRECT)) {
      Summary row64 = find(rows, framework, Workload.ADD, 64);
      if (row64 != null && rmi64 != null) {
        verdicts.add(
            atLeast(
                "framework sync ≥ 1.0× Java RMI calls/s at 64 threads",
                framework,
                64,
                row64.callsPerSecond() / rmi64.callsPerSecond(),
                1.0));
      }
    }
    Summary oneWay = find(rows, ONE_WAY, Workload.ONE_WAY, 1);
    Summary sync1 = find(rows, STATIC, Workload.ADD, 1);
    if (oneWay != null && sync1 != null) {
      double ratio = oneWay.callsPerSecond() / sync1.callsPerSecond();
      boolean lossless = oneWay.errors() == 0;
      verdicts.add(
          new Verdict(
              "fire-and-forget ≥ 5× sync calls/s from one sender, zero loss",
              ONE_WAY + " vs " + STATIC + ", 1 thread",
              times(ratio) + (lossless ? ", none lost (fence check passed)" : ", errors"),
              ratio >= 5 && lossless ? Status.MET : Status.MISSED));
    }
    for (int c : concurrencies(rows)) {
      Summary rawInProcess = find(rows, Scenarios.RAW_GRPC + Scenarios.IN_PROCESS, Workload.ADD, c);
      for (String framework : List.of(STATIC, STATIC_DIRECT)) {
        Summary inProcess = find(rows, framework + Scenarios.IN_PROCESS, Workload.ADD, c);
        Summary loopback = find(rows, framework, Workload.ADD, c);
        if (inProcess != null && loopback != null) {
          verdicts.add(
              atLeast(
                  "same-JVM ≥ 10× loopback calls/s",
                  framework + Scenarios.IN_PROCESS + " vs loopback",
                  c,
                  inProcess.callsPerSecond() / loopback.callsPerSecond(),
                  10));
        }
        if (inProcess != null && rawInProcess != null) {
          double slower = rawInProcess.callsPerSecond() / inProcess.callsPerSecond();
          verdicts.add(
              new Verdict(
                  "same-JVM within 1.5× raw grpc-java in-process (its calls/s ÷ ours)",
                  framework + Scenarios.IN_PROCESS + ", " + threads(c),
                  times(slower),
                  slower <= 1.5 ? Status.MET : Status.MISSED));
        }
      }
    }
    for (int c : concurrencies(rows)) {
      Summary base = find(rows, STATIC, Workload.ADD, c);
      for (String lifecycle : List.of(PER_REQUEST, POOLED)) {
        Summary row = find(rows, lifecycle, Workload.ADD, c);
        if (base != null && row != null) {
          verdicts.add(
              atLeast(
                  "per-request and pooled ≤ 5% slower than static (calls/s ≥ 0.95×)",
                  lifecycle,
                  c,
                  row.callsPerSecond() / base.callsPerSecond(),
                  0.95));
        }
      }
    }
    Summary reactivation =
        find(rows, PassivationProbes.REACTIVATION, Workload.REACTIVATION, 1);
    if (reactivation != null) {
      double ms = reactivation.p50Micros() / 1000;
      verdicts.add(
          new Verdict(
              "passivated reactivation p50 ≤ 1 ms (1 KiB state, file store)",
              PassivationProbes.REACTIVATION + ", 1 thread, loopback",
              String.format(Locale.ROOT, "p50 %.3f ms", ms),
              ms <= 1 ? Status.MET : Status.MISSED));
    }
    Summary heap = find(rows, PassivationProbes.HEAP_MEMORY_STORE, Workload.HEAP, 2);
    if (heap != null) {
      Summary fileStore = find(rows, PassivationProbes.HEAP_FILE_STORE, Workload.HEAP, 4);
      verdicts.add(heapVerdict(heap, fileStore));
    }
    Summary lease = find(rows, LeaseProbe.NAME, Workload.LEASE_RENEWAL, 1);
    if (lease != null) {
      double perInterval = lease.metric("renew calls per interval");
      verdicts.add(
          new Verdict(
              "lease renewal ≤ 1 renew call per interval per client, whatever the object count",
              String.format(
                  Locale.ROOT,
                  "%s, %,.0f objects held by one client",
                  LeaseProbe.NAME,
                  lease.metric("leased objects held by the client")),
              String.format(
                  Locale.ROOT,
                  "%.2f calls per interval, %,.0f leases each%s",
                  perInterval,
                  lease.metric("leases renewed per renew call"),
                  lease.errors() == 0 ? "" : ", renewals failed (see Errors)"),
              perInterval <= 1 && lease.errors() == 0 ? Status.MET : Status.MISSED));
    }
    for (String transport : List.of("", Scenarios.IN_PROCESS)) {
      Summary rawAlloc = find(rows, Scenarios.RAW_GRPC + transport, Workload.ALLOCATION, 1);
      Summary alloc = find(rows, STATIC + transport, Workload.ALLOCATION, 1);
      if (rawAlloc != null && alloc != null) {
        String metric = AllocationProbe.BYTES_PER_CALL;
        double ratio = alloc.metric(metric) / rawAlloc.metric(metric);
        Summary rawWithDeadline =
            find(rows, Scenarios.RAW_GRPC + Scenarios.WITH_DEADLINE + transport,
                Workload.ALLOCATION, 1);
        verdicts.add(
            new Verdict(
                "bytes allocated per call ≤ 1.2× raw grpc-java",
                STATIC + transport + ", 1 thread" + (transport.isEmpty() ? ", loopback" : ""),
                String.format(
                    Locale.ROOT,
                    "%s (%,.0f vs %,.0f bytes)%s",
                    times(ratio),
                    alloc.metric(metric),
                    rawAlloc.metric(metric),
                    rawWithDeadline == null
                        ? ""
                        : String.format(
                            Locale.ROOT,
                            "; %s raw grpc-java with the same 30 s deadline (%,.0f bytes)",
                            times(alloc.metric(metric) / rawWithDeadline.metric(metric)),
                            rawWithDeadline.metric(metric))),
                ratio <= 1.2 ? Status.MET : Status.MISSED));
      }
    }
    return verdicts;
  }

  private static Verdict heapVerdict(Summary heap, Summary fileStore) {
    double passivated = heap.metric("passivated objects");
    double active = heap.metric("active objects");
    double used = heap.metric("used heap after GC");
    double max = heap.metric("max heap (-Xmx)");
    String measured =
        String.format(
            Locale.ROOT,
            "%.0f MiB used after GC with %,.0f passivated (memory store: their state is in the"
                + " heap too) + %,.0f active, max heap %.0f MiB",
            used,
            passivated,
            active,
            max);
    if (fileStore != null) {
      measured +=
          String.format(
              Locale.ROOT,
              "; file store: %.0f bytes of heap per passivated object",
              fileStore.metric("heap per passivated object"));
    }
    Status status;
    if (passivated < HEAP_PASSIVATED || active < HEAP_ACTIVE) {
      status = Status.NOT_JUDGED;
      measured += " (fewer objects than the target's)";
    } else if (max > HEAP_LIMIT_MIB * 1.01) {
      status = Status.NOT_JUDGED;
      measured += " (not run with -Xmx512m)";
    } else {
      status = used <= HEAP_LIMIT_MIB ? Status.MET : Status.MISSED;
    }
    return new Verdict(
        "1,000,000 passivated + 10,000 active objects within a 512 MiB heap",
        "framework passivated, in-process, -Xmx512m",
        measured,
        status);
  }

  private static Verdict atLeast(
      String target, String scenario, int threads, double ratio, double minimum) {
    return new Verdict(
        target,
        scenario + ", " + threads(threads),
        times(ratio),
        ratio >= minimum ? Status.MET : Status.MISSED);
  }

  private static String threads(int count) {
    return count + (count == 1 ? " thread" : " threads");
  }

  private static String times(double ratio) {
    return String.format(Locale.ROOT, "%.2f×", ratio);
  }

  private static List<Integer> concurrencies(List<Summary> rows) {
    return rows.stream()
        .filter(r -> r.workload() == Workload.ADD)
        .map(Summary::concurrency)
        .distinct()
        .sorted()
        .toList();
  }

  private static Summary find(List<Summary> rows, String scenario, Workload workload, int c) {
    for (Summary row : rows) {
      if (row.is(scenario, workload, c)) {
        return row;
      }
    }
    return null;
  }
}
