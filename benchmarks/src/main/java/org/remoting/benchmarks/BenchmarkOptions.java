package org.remoting.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The command line of {@link BenchmarkMain}, parsed and checked.
 *
 * @param quick short durations; results are written only with {@code write}. A run limited by
 *     {@code --only} writes no file either, unless asked ({@code --write} or {@code --output})
 * @param write write the results file even in quick mode
 * @param fork run each scenario in a fresh JVM (default), so that no scenario inherits another's
 *     JIT and GC state, nor suffers from running first
 * @param child this JVM is a fork: print cells in the fork protocol instead of a report
 * @param jitWarmUp warm-up of each scenario before its first cell, at its highest concurrency
 * @param warmUp warm-up per cell (scenario × concurrency), not measured
 * @param measure measurement window per cell
 * @param concurrency client thread counts for the {@code add} scenarios
 * @param payloadConcurrency client thread counts for the 1 KiB echo scenarios
 * @param only scenario ids to run; empty means all
 * @param output the results file, or null for {@code results/<yyyy-MM-dd-HHmm>.md} under
 *     {@code resultsDir}
 * @param resultsDir where results files go by default
 */
public record BenchmarkOptions(
    boolean quick,
    boolean write,
    boolean fork,
    boolean child,
    Duration jitWarmUp,
    Duration warmUp,
    Duration measure,
    List<Integer> concurrency,
    List<Integer> payloadConcurrency,
    Set<String> only,
    Path output,
    Path resultsDir) {

  static final String USAGE =
      String.join(
          "\n",
          "usage: java -jar benchmarks/target/remoting-benchmarks.jar [options]",
          "  --quick                    short runs (JIT warm-up 2s, then per cell warm-up 500ms,",
          "                             measure 1s); writes no file unless --write",
          "  --jit-warmup DURATION      per scenario, before its first cell, at its highest thread",
          "                             count (default 8s; quick 2s), e.g. 500ms, 8s",
          "  --warmup DURATION          warm-up per cell (default 3s; quick 500ms)",
          "  --duration DURATION        measurement per cell (default 5s; quick 1s)",
          "  --concurrency 1,16,64      client threads for add(int,int) (default 1,16,64)",
          "  --payload-concurrency 16   client threads for echo(byte[1024]) (default 16)",
          "  --only ID,...              run only these scenarios: grpc, rmi, static, lazy,",
          "                             per-request, pooled, oneway, ack, grpc-inproc, inproc,",
          "                             grpc-echo, static-echo",
          "  --no-fork                  run every scenario in this JVM (default: one JVM each)",
          "  --write                    write the results file in quick mode or with --only too",
          "  --output FILE              results file (default RESULTS_DIR/<yyyy-MM-dd-HHmm>.md)",
          "  --results-dir DIR          default benchmarks/results (run from the repository root)",
          "  --help");

  /** The largest thread count of any cell. */
  public int maxConcurrency() {
    int max = 1;
    for (int c : concurrency) {
      max = Math.max(max, c);
    }
    for (int c : payloadConcurrency) {
      max = Math.max(max, c);
    }
    return max;
  }

  /** Whether the results should be written to a file. */
  public boolean writesFile() {
    return (!quick && only.isEmpty()) || write || output != null;
  }

  /**
   * Parses a command line.
   *
   * @throws IllegalArgumentException with a message for the user if an option is unknown or bad
   */
  public static BenchmarkOptions parse(String... args) {
    boolean quick = false;
    boolean write = false;
    boolean fork = true;
    boolean child = false;
    Duration jitWarmUp = null;
    Duration warmUp = null;
    Duration measure = null;
    List<Integer> concurrency = List.of(1, 16, 64);
    List<Integer> payloadConcurrency = List.of(16);
    Set<String> only = Set.of();
    Path output = null;
    Path resultsDir = Path.of("benchmarks", "results");
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--quick" -> quick = true;
        case "--write" -> write = true;
        case "--no-fork" -> fork = false;
        case "--child" -> child = true;
        case "--jit-warmup" -> jitWarmUp = duration(arg, value(args, ++i, arg), true);
        case "--warmup" -> warmUp = duration(arg, value(args, ++i, arg), true);
        case "--duration" -> measure = duration(arg, value(args, ++i, arg), false);
        case "--concurrency" -> concurrency = counts(arg, value(args, ++i, arg));
        case "--payload-concurrency" -> payloadConcurrency = counts(arg, value(args, ++i, arg));
        case "--only" -> only = ids(value(args, ++i, arg));
        case "--output" -> output = Path.of(value(args, ++i, arg));
        case "--results-dir" -> resultsDir = Path.of(value(args, ++i, arg));
        default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
      }
    }
    if (jitWarmUp == null) {
      jitWarmUp = quick ? Duration.ofSeconds(2) : Duration.ofSeconds(8);
    }
    if (warmUp == null) {
      warmUp = quick ? Duration.ofMillis(500) : Duration.ofSeconds(3);
    }
    if (measure == null) {
      measure = quick ? Duration.ofSeconds(1) : Duration.ofSeconds(5);
    }
    return new BenchmarkOptions(
        quick,
        write,
        fork && !child,
        child,
        jitWarmUp,
        warmUp,
        measure,
        concurrency,
        payloadConcurrency,
        only,
        output,
        resultsDir);
  }

  /** The command line of a forked JVM that runs one scenario with these settings. */
  List<String> childArguments(String scenarioId) {
    return List.of(
        "--child",
        "--only",
        scenarioId,
        "--jit-warmup",
        jitWarmUp.toMillis() + "ms",
        "--warmup",
        warmUp.toMillis() + "ms",
        "--duration",
        measure.toMillis() + "ms",
        "--concurrency",
        join(concurrency),
        "--payload-concurrency",
        join(payloadConcurrency));
  }

  private static String join(List<Integer> counts) {
    return counts.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  /** {@code 500ms}, {@code 3s}, {@code 1m}, or a plain number of seconds. */
  static Duration duration(String option, String text, boolean zeroAllowed) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    Duration d;
    try {
      if (t.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      } else if (t.endsWith("s")) {
        d = Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
      } else if (t.endsWith("m")) {
        d = Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
      } else {
        d = Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          option + " '" + text + "' is not a duration such as 500ms, 3s, 1m", e);
    }
    if (d.isNegative() || (!zeroAllowed && d.isZero())) {
      throw new IllegalArgumentException(
          option + " must be " + (zeroAllowed ? ">= 0" : "> 0") + ", got '" + text + "'");
    }
    return d;
  }

  private static List<Integer> counts(String option, String text) {
    List<Integer> counts = new ArrayList<>();
    for (String part : text.split(",")) {
      int n;
      try {
        n = Integer.parseInt(part.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            option + " '" + text + "' is not a comma-separated list of thread counts", e);
      }
      if (n < 1 || n > 4096) {
        throw new IllegalArgumentException(option + " counts must be 1..4096, got " + n);
      }
      counts.add(n);
    }
    return List.copyOf(counts);
  }

  private static Set<String> ids(String text) {
    Set<String> ids = new LinkedHashSet<>();
    for (String part : text.split(",")) {
      if (!part.isBlank()) {
        ids.add(part.trim());
      }
    }
    return Set.copyOf(ids);
  }
}
