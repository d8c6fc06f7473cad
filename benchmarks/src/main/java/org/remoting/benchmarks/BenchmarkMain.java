package org.remoting.benchmarks;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs every scenario at every concurrency, and every probe, and prints a markdown report: a
 * table of raw grpc-java, Java RMI and the framework with each lifecycle and call style (over TCP
 * loopback and in-process), the probes' measurements (reactivation, lease renewal, heap, bytes
 * allocated), and whether each target was met. Each runs {@code --repeat} times, each time in a
 * fresh JVM; the report shows each cell's median. See {@link BenchmarkOptions#USAGE} for the
 * options. With {@code --jmh} first, runs the JMH micro-benchmarks instead ({@link
 * org.remoting.benchmarks.micro}), handing the other arguments to {@link org.openjdk.jmh.Main}.
 *
 * <p>Exit status: 0, or 1 if any call failed, or 2 for a bad command line.
 */
public final class BenchmarkMain {
  private BenchmarkMain() {}

  /**
   * One scenario or probe as this class runs it: its id, what progress lines call it, the JVM
   * options its fork needs, whether {@code --repeat} runs it again, and what runs it.
   */
  record Job(String id, String label, List<String> jvmOptions, boolean repeats, Body body) {
    /** Runs the job in this JVM. */
    interface Body {
      List<CellResult> run(BenchmarkOptions options, Consumer<String> progress) throws Exception;
    }
  }

  public static void main(String[] args) throws Exception {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      // The servers log their start and stop at info; keep the output to the table.
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true"); // the chart needs no display
    }
    if (args.length > 0 && args[0].equals(BenchmarkOptions.JMH)) {
      // The micro-benchmarks (org.remoting.benchmarks.micro): JMH parses the rest.
      org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    BenchmarkOptions options;
    try {
      if (List.of(args).contains("--help")) {
        System.out.println(BenchmarkOptions.USAGE);
        return;
      }
      options = BenchmarkOptions.parse(args);
      checkOnly(options);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(BenchmarkOptions.USAGE);
      System.exit(2);
      return;
    }
    if (options.child()) {
      List<CellResult> results = run(options, System.err::println);
      ForkedRunner.print(selected(options).get(0).id(), results, System.out);
      System.exit(0);
      return;
    }
    LocalDateTime started = LocalDateTime.now();
    long startNanos = System.nanoTime();
    List<CellResult> results = run(options, System.err::println);
    Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
    List<Summary> rows = Summary.of(results);
    Path file = null;
    Path chart = null;
    if (options.writesFile()) {
      file =
          options.output() != null
              ? options.output()
              : options
                  .resultsDir()
                  .resolve(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm").format(started) + ".md");
      chart = chartFile(file);
      if (!LatencyChart.write(rows, "latency percentiles", chart)) {
        chart = null;
      }
    }
    String report = report(options, started, took, rows, results, chart);
    System.out.println();
    System.out.print(report);
    if (file != null) {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, report, StandardCharsets.UTF_8);
      System.out.println("\nwritten to " + file + (chart != null ? " and " + chart : ""));
    }
    boolean failed = results.stream().anyMatch(r -> r.errors() > 0);
    System.exit(failed ? 1 : 0);
  }

  /** The chart's file: the report's name with {@code .png} for {@code .md}. */
  static Path chartFile(Path report) {
    String name = report.getFileName().toString();
    String base = name.endsWith(".md") ? name.substring(0, name.length() - 3) : name;
    return report.resolveSibling(base + ".png");
  }

  /** The whole markdown report. */
  static String report(
      BenchmarkOptions options,
      LocalDateTime started,
      Duration took,
      List<Summary> rows,
      List<CellResult> results,
      Path chart) {
    StringBuilder report = new StringBuilder(header(options, started, took));
    report.append("\n").append(MarkdownReport.table(rows, options.repeat() > 1));
    String measurements = MarkdownReport.measurements(rows);
    if (!measurements.isEmpty()) {
      report.append("\n## Probes\n\n").append(PROBES_NOTE).append("\n\n").append(measurements);
    }
    String targets = MarkdownReport.targets(Targets.judge(rows));
    if (!targets.isEmpty()) {
      report.append("\n## Targets\n\n").append(TARGETS_NOTE).append("\n\n").append(targets);
    }
    if (chart != null) {
      report
          .append("\n## Latency percentiles\n\n")
          .append(CHART_NOTE)
          .append("\n\n![latency percentiles](")
          .append(chart.getFileName())
          .append(")\n");
    }
    String notes = MarkdownReport.notes(results);
    if (!notes.isEmpty()) {
      report.append("\nErrors:\n\n").append(notes);
    }
    return report.toString();
  }

  static final String PROBES_NOTE =
      String.join(
          "\n",
          "- reactivation: the passivated objects (1 KiB of state each, file store) get one"
              + " call each, timed, from one thread over loopback: load, decode, create, activate,"
              + " call. Time moves on a fake clock, so only the idle sweep passivates them; the"
              + " files are fresh, so reads come from the OS page cache. The next call of each"
              + " (active object) is timed too.",
          "- lease renewal: one client holds the objects; its renewal schedule runs on a fake"
              + " clock advanced by one interval (lease / 2) at a time; the server counts renew"
              + " calls. The latency is one interval's renewal as the client runs it. The request"
              + " size is that of the protobuf message for the ids held, checked by sending those"
              + " bytes as a raw gRPC call that the server accepted (gRPC adds 5 bytes of framing"
              + " and the HTTP/2 headers).",
          "- heap: in a JVM with -Xmx512m, client and server in-process; every object created by a"
              + " call, max-active = the active count, so the server passivates the rest. Memory"
              + " store at full size (an upper bound: the passivated state is in the heap too);"
              + " file store at a sample size (each passivation is an fsync'd write), as the heap"
              + " growth per passivated object. Runs once, whatever --repeat.",
          "- allocation: heap bytes allocated by every thread of the JVM (client, transport,"
              + " server) over a fixed number of calls at one thread after a warm-up as long,"
              + " divided by the calls (com.sun.management.ThreadMXBean#getThreadAllocatedBytes);"
              + " over loopback and in-process. The raw grpc-java marshaller hands gRPC a"
              + " Drainable, KnownLength stream, as protoc-generated code does. Runs once, whatever"
              + " --repeat.");

  static final String TARGETS_NOTE =
      "From issue 7. Judged on the medians above; \"not judged\" says why. A missed target is a"
          + " finding, not a failed run. Numbers from a loaded or small machine (see the header)"
          + " judge the machine as much as the framework.";

  static final String CHART_NOTE =
      "Latency against percentile, both on log scales (90%, 99%, 99.9% evenly spaced), one"
          + " panel per thread count of the add(int,int) rows and one for the other calls; each"
          + " line merges the latencies of all runs of its row.";

  /**
   * Runs the selected scenarios and probes, {@code options.repeat()} times (probes that do not
   * repeat, once), each in a new JVM unless {@code options.fork()} is false, in rounds: every
   * job once, then every job again. Returns every run's cells; {@link Summary#of} takes their
   * medians.
   *
   * @param progress receives a line before each job and each cell
   * @throws Exception if a scenario or probe cannot start or stop, or a forked JVM fails
   */
  public static List<CellResult> run(BenchmarkOptions options, Consumer<String> progress)
      throws Exception {
    List<Job> jobs = selected(options);
    int total = 0;
    for (Job job : jobs) {
      total += job.repeats() ? options.repeat() : 1;
    }
    List<CellResult> results = new ArrayList<>();
    int n = 0;
    for (int round = 1; round <= options.repeat(); round++) {
      for (Job job : jobs) {
        if (round > 1 && !job.repeats()) {
          continue;
        }
        n++;
        if (options.fork()) {
          progress.accept(
              "job " + n + "/" + total + ": " + job.label()
                  + (options.repeat() > 1 ? " (round " + round + ")" : "") + " in a new JVM");
          results.addAll(ForkedRunner.run(options, job, progress));
        } else {
          results.addAll(job.body().run(options, progress));
        }
      }
    }
    return results;
  }

  /**
   * Runs one scenario in this JVM: started once, warmed up for {@code jitWarmUp} at its highest
   * thread count, then measured at each of its thread counts (warm-up, then measurement, per
   * cell), and stopped.
   */
  static List<CellResult> runScenario(
      Scenario scenario, BenchmarkOptions options, Consumer<String> progress) throws Exception {
    List<CellResult> results = new ArrayList<>();
    List<Integer> concurrencies = concurrencies(options, scenario);
    try (Scenario.Session session = scenario.start()) {
      long earlierErrors = 0;
      String earlierError = null;
      if (!options.jitWarmUpMax().isZero()) {
        int highest = concurrencies.stream().max(Integer::compare).orElse(1);
        CellResult warm = warmUpJit(scenario, session, highest, options, progress);
        earlierErrors = warm.errors();
        earlierError = warm.firstError();
      }
      for (int concurrency : concurrencies) {
        progress.accept(
            String.format(
                Locale.ROOT,
                "%s, %d threads: warm-up %s, measure %s",
                scenario,
                concurrency,
                human(options.warmUp()),
                human(options.measure())));
        // Leave the previous cell's garbage to the collector before measuring this one.
        System.gc();
        CellResult cell =
            LoadGenerator.run(scenario, session, concurrency, options.warmUp(), options.measure());
        // Errors of the JIT warm-up are reported with the scenario's first cell.
        results.add(cell.plusEarlierErrors(earlierErrors, earlierError));
        earlierErrors = 0;
        earlierError = null;
      }
    }
    return results;
  }

  /** The slice of the JIT warm-up after its least duration, and its steadiness test. */
  private static final Duration WARM_UP_SLICE = Duration.ofSeconds(1);

  private static final double STEADY = 0.05;

  /**
   * Warms the JIT up at {@code threads}: for {@code jitWarmUp}, then in one-second slices until
   * two slices in a row are each within 5% of the calls/s of the slice before, or {@code
   * jitWarmUpMax} has passed. On this machine C2 takes 6–10 s of load to compile gRPC's and
   * Netty's call path: cut short, a gRPC scenario measures a quarter of its steady throughput.
   * (C2 keeps compiling for longer, so its activity is reported, not waited for.) Returns the
   * errors seen.
   */
  private static CellResult warmUpJit(
      Scenario scenario,
      Scenario.Session session,
      int threads,
      BenchmarkOptions options,
      Consumer<String> progress)
      throws InterruptedException {
    java.lang.management.CompilationMXBean jit =
        java.lang.management.ManagementFactory.getCompilationMXBean();
    boolean jitTimed = jit != null && jit.isCompilationTimeMonitoringSupported();
    long start = System.nanoTime();
    CellResult warm =
        LoadGenerator.run(scenario, session, threads, options.jitWarmUp(), WARM_UP_SLICE);
    long errors = warm.errors();
    String firstError = warm.firstError();
    double last = warm.callsPerSecond();
    long max = options.jitWarmUpMax().toNanos();
    int steadySlices = 0;
    while (steadySlices < 2 && System.nanoTime() - start + WARM_UP_SLICE.toNanos() <= max) {
      CellResult slice =
          LoadGenerator.run(scenario, session, threads, Duration.ZERO, WARM_UP_SLICE);
      errors += slice.errors();
      firstError = firstError != null ? firstError : slice.firstError();
      double now = slice.callsPerSecond();
      steadySlices = Math.abs(now - last) <= STEADY * last ? steadySlices + 1 : 0;
      last = now;
    }
    boolean steady = steadySlices >= 2;
    progress.accept(
        String.format(
            Locale.ROOT,
            "%s: JIT warm-up %s at %d threads, %s, last %,.0f calls/s, JIT time so far %s",
            scenario,
            human(Duration.ofNanos(System.nanoTime() - start)),
            threads,
            steady ? "steady" : "not steady by the limit",
            last,
            jitTimed ? String.format(Locale.ROOT, "%,d ms", jit.getTotalCompilationTime()) : "?"));
    return warm.plusEarlierErrors(errors - warm.errors(), firstError);
  }

  /** Every scenario, then every probe, in report order. */
  static List<Job> all(int poolMax) {
    List<Job> jobs = new ArrayList<>();
    for (Scenario scenario : Scenarios.all(poolMax)) {
      jobs.add(
          new Job(
              scenario.id(),
              scenario.toString(),
              List.of(),
              true,
              (options, progress) -> runScenario(scenario, options, progress)));
    }
    for (Probe probe : probes()) {
      jobs.add(new Job(probe.id(), probe.name(), probe.jvmOptions(), probe.repeats(), probe::run));
    }
    return List.copyOf(jobs);
  }

  /** The probes, in report order. */
  static List<Probe> probes() {
    return List.of(
        PassivationProbes.reactivation(),
        new LeaseProbe(),
        PassivationProbes.heap(),
        new AllocationProbe());
  }

  /** The ids {@code --only} accepts, in report order. */
  static List<String> ids() {
    return all(1).stream().map(Job::id).toList();
  }

  private static List<Job> selected(BenchmarkOptions options) {
    return all(Math.max(64, options.maxConcurrency())).stream()
        .filter(j -> options.only().isEmpty() || options.only().contains(j.id()))
        .toList();
  }

  private static void checkOnly(BenchmarkOptions options) {
    List<String> ids = ids();
    for (String id : options.only()) {
      if (!ids.contains(id)) {
        throw new IllegalArgumentException(
            "--only: no scenario or probe '" + id + "'; ids: " + ids);
      }
    }
  }

  private static List<Integer> concurrencies(BenchmarkOptions options, Scenario scenario) {
    return scenario.workload() != Scenario.Workload.ECHO_1K
        ? options.concurrency()
        : options.payloadConcurrency();
  }

  private static String header(BenchmarkOptions options, LocalDateTime started, Duration took) {
    Runtime runtime = Runtime.getRuntime();
    String gcs =
        ManagementFactory.getGarbageCollectorMXBeans().stream()
            .map(GarbageCollectorMXBean::getName)
            .collect(Collectors.joining(", "));
    return String.join(
            "\n",
            "# remoting benchmark: framework vs raw grpc-java vs Java RMI",
            "",
            "- started: "
                + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(started)
                + ", took "
                + took.toSeconds()
                + " s",
            "- JVM: "
                + System.getProperty("java.vm.name")
                + " "
                + System.getProperty("java.runtime.version")
                + " ("
                + System.getProperty("java.vm.vendor")
                + "), max heap "
                + runtime.maxMemory() / (1024 * 1024)
                + " MiB, GC: "
                + gcs
                + ", flags: "
                + jvmFlags(),
            "- OS: "
                + System.getProperty("os.name")
                + " "
                + System.getProperty("os.version")
                + " "
                + System.getProperty("os.arch")
                + ", cores (availableProcessors): "
                + runtime.availableProcessors()
                + ", 1-minute load average before the run: "
                + loadAverage()
                + " (the run itself then adds up to its thread count)",
            "- mode: "
                + (options.quick() ? "quick" : "full")
                + "; "
                + (options.repeat() == 1
                    ? "each scenario and probe ran once"
                    : "each scenario and probe ran "
                        + options.repeat()
                        + " times (heap and allocation: once), in rounds; every number is the"
                        + " median of its runs, and \"runs: min–max\" shows the spread of"
                        + " calls/s")
                + "; per scenario run: JIT warm-up at its highest thread count for "
                + human(options.jitWarmUp())
                + (options.jitWarmUpMax().compareTo(options.jitWarmUp()) > 0
                    ? ", then in 1 s slices until two in a row are within 5% of the calls/s of"
                        + " the slice before (at most "
                        + human(options.jitWarmUpMax())
                        + " in all)"
                    : "")
                + "; then per cell (scenario × threads): warm-up "
                + human(options.warmUp())
                + ", then measure "
                + human(options.measure())
                + "; threads "
                + options.concurrency()
                + " for add, "
                + options.payloadConcurrency()
                + " for echo; probes: "
                + String.format(
                    Locale.ROOT,
                    "%,d objects per reactivation round, %,d leased objects, %,d passivated +"
                        + " %,d active objects, %,d calls counted for allocation",
                    options.reactivatedObjects(),
                    options.leasedObjects(),
                    options.passivatedObjects(),
                    options.activeObjects(),
                    options.allocationCalls()),
            "- setup: client and server in the same JVM, over TCP loopback 127.0.0.1 on an"
                + " ephemeral port. gRPC rows (raw and framework): Netty transport, plaintext,"
                + " default settings, one channel shared by all client threads, blocking unary"
                + " calls. Java RMI: JRMP, stub from UnicastRemoteObject.exportObject(servant, 0)."
                + " Rows marked in-process: gRPC's in-process transport instead of Netty, with the"
                + " default executors on both sides for raw grpc-java as for the framework (which"
                + " sets none: no directExecutor).",
            "- load: closed loop, each thread calls back-to-back; per-call latency in"
                + " HdrHistogram (3 digits), no coordinated-omission correction (closed loop)."
                + " Every result is checked; a wrong result or exception counts as an error.",
            "- ratios: calls/s of the row over calls/s of raw grpc-java (in-process rows: raw"
                + " grpc-java in-process; vs RMI: Java RMI) for the same call and thread count;"
                + " fire-and-forget and sync-with-server rows against the sync add rows.",
            options.fork()
                ? "- isolation: each scenario and probe run is a fresh JVM with the same flags (the"
                    + " heap probe adds -Xmx512m), one after another; the machine's other load"
                    + " still adds noise."
                : "- isolation: none (--no-fork): all scenarios share one JVM and run in table"
                    + " order, so JIT and GC state carry over from one to the next.")
        + "\n";
  }

  private static String jvmFlags() {
    List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments();
    return flags.isEmpty() ? "(none)" : String.join(" ", flags);
  }

  private static String loadAverage() {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return load < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", load);
  }

  private static String human(Duration d) {
    long millis = d.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }
}
