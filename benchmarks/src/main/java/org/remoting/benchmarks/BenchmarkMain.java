package org.remoting.benchmarks;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs every scenario at every concurrency and prints a markdown table: raw grpc-java, Java RMI,
 * the framework with each lifecycle, and a 1 KiB payload pair. Client and server share this JVM
 * and talk over TCP loopback. See {@link BenchmarkOptions#USAGE} for the options.
 *
 * <p>Exit status: 0, or 1 if any call failed, or 2 for a bad command line.
 */
public final class BenchmarkMain {
  private BenchmarkMain() {}

  public static void main(String[] args) throws Exception {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      // The servers log their start and stop at info; keep the output to the table.
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
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
      ForkedRunner.print(results.isEmpty() ? "" : selected(options).get(0).id(), results, System.out);
      System.exit(0);
      return;
    }
    LocalDateTime started = LocalDateTime.now();
    String header = header(options, started);
    List<CellResult> results = run(options, System.err::println);
    String report =
        header
            + "\n"
            + MarkdownReport.table(results)
            + notesSection(results);
    System.out.println();
    System.out.print(report);
    if (options.writesFile()) {
      Path file =
          options.output() != null
              ? options.output()
              : options
                  .resultsDir()
                  .resolve(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm").format(started) + ".md");
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, report, StandardCharsets.UTF_8);
      System.out.println("\nwritten to " + file);
    }
    boolean failed = results.stream().anyMatch(r -> r.errors() > 0);
    System.exit(failed ? 1 : 0);
  }

  /**
   * Runs the selected scenarios, each in a new JVM unless {@code options.fork()} is false. Each
   * scenario is started once, warmed up for {@code jitWarmUp} at its highest thread count, then
   * measured at each of its thread counts (warm-up, then measurement, per cell), and stopped.
   *
   * @param progress receives a line before each cell
   * @throws Exception if a scenario cannot start or stop, or a forked JVM fails
   */
  public static List<CellResult> run(BenchmarkOptions options, Consumer<String> progress)
      throws Exception {
    List<Scenario> scenarios = selected(options);
    if (options.fork()) {
      return ForkedRunner.run(options, scenarios, progress);
    }
    List<CellResult> results = new ArrayList<>();
    for (Scenario scenario : scenarios) {
      List<Integer> concurrencies = concurrencies(options, scenario);
      try (Scenario.Session session = scenario.start()) {
        long earlierErrors = 0;
        String earlierError = null;
        if (!options.jitWarmUp().isZero()) {
          int highest = concurrencies.stream().max(Integer::compare).orElse(1);
          progress.accept(
              String.format(
                  Locale.ROOT,
                  "%s: JIT warm-up %s at %d threads",
                  scenario,
                  human(options.jitWarmUp()),
                  highest));
          CellResult warm =
              LoadGenerator.run(scenario, session, highest, options.jitWarmUp(), Duration.ZERO);
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
    }
    return results;
  }

  private static List<Scenario> selected(BenchmarkOptions options) {
    return Scenarios.all(Math.max(64, options.maxConcurrency())).stream()
        .filter(s -> options.only().isEmpty() || options.only().contains(s.id()))
        .toList();
  }

  private static void checkOnly(BenchmarkOptions options) {
    List<String> ids = Scenarios.all(1).stream().map(Scenario::id).toList();
    for (String id : options.only()) {
      if (!ids.contains(id)) {
        throw new IllegalArgumentException("--only: no scenario '" + id + "'; scenarios: " + ids);
      }
    }
  }

  private static List<Integer> concurrencies(BenchmarkOptions options, Scenario scenario) {
    return scenario.workload() != Scenario.Workload.ECHO_1K
        ? options.concurrency()
        : options.payloadConcurrency();
  }

  private static String header(BenchmarkOptions options, LocalDateTime started) {
    Runtime runtime = Runtime.getRuntime();
    String gcs =
        ManagementFactory.getGarbageCollectorMXBeans().stream()
            .map(GarbageCollectorMXBean::getName)
            .collect(Collectors.joining(", "));
    return String.join(
            "\n",
            "# remoting benchmark: framework vs raw grpc-java vs Java RMI",
            "",
            "- started: " + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(started),
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
                + "; per scenario: JIT warm-up "
                + human(options.jitWarmUp())
                + " at its highest thread count; then per cell (scenario × threads): warm-up "
                + human(options.warmUp())
                + ", then measure "
                + human(options.measure())
                + "; threads "
                + options.concurrency()
                + " for add, "
                + options.payloadConcurrency()
                + " for echo",
            "- setup: client and server in the same JVM, over TCP loopback 127.0.0.1 on an"
                + " ephemeral port. gRPC rows (raw and framework): Netty transport, plaintext,"
                + " default settings, one channel shared by all client threads, blocking unary"
                + " calls. Java RMI: JRMP, stub from UnicastRemoteObject.exportObject(servant, 0).",
            "- load: closed loop, each thread calls back-to-back; per-call latency in"
                + " HdrHistogram (3 digits), no coordinated-omission correction (closed loop)."
                + " Every result is checked; a wrong result or exception counts as an error.",
            "- ratios: calls/s of the row over calls/s of raw grpc-java (vs RMI: of Java RMI)"
                + " for the same call and thread count.",
            options.fork()
                ? "- isolation: each scenario runs in a fresh JVM with the same flags, one after"
                    + " another; the machine's other load still adds noise."
                : "- isolation: none (--no-fork): all scenarios share one JVM and run in table"
                    + " order, so JIT and GC state carry over from one to the next.")
        + "\n";
  }

  private static String notesSection(List<CellResult> results) {
    String notes = MarkdownReport.notes(results);
    return notes.isEmpty() ? "" : "\nErrors:\n\n" + notes;
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
