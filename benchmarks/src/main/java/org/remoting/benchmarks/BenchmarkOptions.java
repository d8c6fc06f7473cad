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
 * @param quick short durations, one run each, smaller heap probe; results are written only with
 *     {@code write}. A run limited by
 *     {@code --only} writes no file either, unless asked ({@code --write} or {@code --output})
 * @param write write the results file even in quick mode
 * @param fork run each scenario in a fresh JVM (default), so that no scenario inherits another's
 *     JIT and GC state, nor suffers from running first
 * @param child this JVM is a fork: print cells in the fork protocol instead of a report
 * @param jitWarmUp least warm-up of each scenario before its first cell, at its highest
 *     concurrency (and the warm-up of each probe)
 * @param jitWarmUpMax most warm-up of each scenario: after {@code jitWarmUp} it goes on in
 *     one-second slices until two in a row are within 5% of the calls/s of the slice before, or
 *     until this much
 * @param warmUp warm-up per cell (scenario × concurrency), not measured
 * @param measure measurement window per cell
 * @param concurrency client thread counts for the {@code add} scenarios
 * @param payloadConcurrency client thread counts for the 1 KiB echo scenarios
 * @param only scenario and probe ids to run; empty means all
 * @param output the results file, or null for {@code results/<yyyy-MM-dd-HHmm>.md} under
 *     {@code resultsDir}
 * @param resultsDir where results files go by default
 * @param repeat how many times each scenario and probe runs (each time in a fresh JVM when
 *     forking); the report shows each cell's median
 * @param reactivatedObjects objects passivated and reactivated per round of the reactivation
 *     probe
 * @param leasedObjects leased objects one client holds in the lease probe
 * @param passivatedObjects passivated objects in the heap probe
 * @param activeObjects active objects in the heap probe ({@code max-active})
 * @param allocationCalls calls counted by the allocation probe, per side
 */
public record BenchmarkOptions(
    boolean quick,
    boolean write,
    boolean fork,
    boolean child,
    Duration jitWarmUp,
    Duration jitWarmUpMax,
    Duration warmUp,
    Duration measure,
    List<Integer> concurrency,
    List<Integer> payloadConcurrency,
    Set<String> only,
    Path output,
    Path resultsDir,
    int repeat,
    int reactivatedObjects,
    int leasedObjects,
    int passivatedObjects,
    int activeObjects,
    int allocationCalls) {

  /** The first argument that hands the rest to JMH's command line, to run the micro-benchmarks. */
  static final String JMH = "--jmh";

  static final String USAGE =
      String.join(
          "\n",
          "usage: java -jar benchmarks/target/remoting-benchmarks.jar [options]",
          "   or: java -jar benchmarks/target/remoting-benchmarks.jar --jmh [JMH options]",
          "  --quick                    short runs, once each (JIT warm-up 1s, then per cell",
          "                             warm-up 300ms, measure 700ms; 100,000 passivated objects",
          "                             in the heap probe); writes no file unless --write",
          "  --repeat N                 run every scenario and probe N times, each in a fresh JVM,",
          "                             and report each cell's median (default 3; quick 1); the",
          "                             heap and allocation probes, which count, run once",
          "  --jit-warmup DURATION      per scenario, before its first cell, at its highest thread",
          "                             count, at least (default 8s; quick 1s), e.g. 500ms, 8s;",
          "                             also the warm-up of each probe",
          "  --jit-warmup-max DURATION  then on in 1s slices until two in a row are within 5%",
          "                             of the one before, up to this (default 20s; with --quick or an",
          "                             explicit --jit-warmup: no more)",
          "  --warmup DURATION          warm-up per cell (default 1s; quick 300ms)",
          "  --duration DURATION        measurement per cell (default 1s; quick 700ms)",
          "  --concurrency 1,16,64      client threads for add(int,int) (default 1,16,64)",
          "  --payload-concurrency 16   client threads for echo(byte[1024]) (default 16)",
          "  --reactivated-objects N    objects per round of the reactivation probe (1,000)",
          "  --leased-objects N         objects one client holds in the lease probe (100,000)",
          "  --passivated-objects N     passivated objects in the heap probe (default 1,000,000;",
          "                             quick 100,000)",
          "  --active-objects N         active objects in the heap probe (10,000)",
          "  --allocation-calls N       calls counted per row by the allocation probe (10,000;",
          "                             quick 5,000)",
          "  --only ID,...              run only these (default all): "
              + wrapped(BenchmarkMain.ids()),
          "  --no-fork                  run everything in this JVM (default: one JVM each)",
          "  --write                    write the results file in quick mode or with --only too",
          "  --output FILE              results file (default RESULTS_DIR/<yyyy-MM-dd-HHmm>.md);",
          "                             the latency chart goes next to it, as the same name .png",
          "  --results-dir DIR          default benchmarks/results (run from the repository root)",
          "  --jmh [JMH options]        as the first argument: run the JMH micro-benchmarks",
          "                             instead (codec, lifecycle acquire/release; ~3 min),",
          "                             handing the rest to org.openjdk.jmh.Main: -h lists its",
          "                             options; e.g. --jmh Lifecycle -i 3 (a regexp selects)",
          "  --help");

  /** The ids, comma-separated, in lines that continue under the option's description. */
  private static String wrapped(List<String> ids) {
    StringBuilder out = new StringBuilder();
    int column = 60; // where "run only these (default all): " ends
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i) + (i < ids.size() - 1 ? "," : "");
      if (column + id.length() + 1 > 88) {
        out.append("\n                             ");
        column = 29;
      } else if (i > 0) {
        out.append(' ');
        column++;
      }
      out.append(id);
      column += id.length();
    }
    return out.toString();
  }

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
    Duration jitWarmUpMax = null;
    Duration warmUp = null;
    Duration measure = null;
    List<Integer> concurrency = List.of(1, 16, 64);
    List<Integer> payloadConcurrency = List.of(16);
    Set<String> only = Set.of();
    Path output = null;
    Path resultsDir = Path.of("benchmarks", "results");
    Integer repeat = null;
    int reactivatedObjects = 1_000;
    int leasedObjects = 100_000;
    Integer passivatedObjects = null;
    int activeObjects = 10_000;
    Integer allocationCalls = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--quick" -> quick = true;
        case "--write" -> write = true;
        case "--no-fork" -> fork = false;
        case "--child" -> child = true;
        case "--jit-warmup" -> jitWarmUp = duration(arg, value(args, ++i, arg), true);
        case "--jit-warmup-max" -> jitWarmUpMax = duration(arg, value(args, ++i, arg), true);
        case "--warmup" -> warmUp = duration(arg, value(args, ++i, arg), true);
        case "--duration" -> measure = duration(arg, value(args, ++i, arg), false);
        case "--concurrency" -> concurrency = counts(arg, value(args, ++i, arg));
        case "--payload-concurrency" -> payloadConcurrency = counts(arg, value(args, ++i, arg));
        case "--only" -> only = ids(value(args, ++i, arg));
        case "--output" -> output = Path.of(value(args, ++i, arg));
        case "--results-dir" -> resultsDir = Path.of(value(args, ++i, arg));
        case "--repeat" -> repeat = count(arg, value(args, ++i, arg), 1, 100);
        case "--reactivated-objects" ->
            reactivatedObjects = count(arg, value(args, ++i, arg), 1, 1_000_000);
        case "--leased-objects" -> leasedObjects = count(arg, value(args, ++i, arg), 1, 10_000_000);
        case "--passivated-objects" ->
            passivatedObjects = count(arg, value(args, ++i, arg), 0, 100_000_000);
        case "--active-objects" -> activeObjects = count(arg, value(args, ++i, arg), 1, 10_000_000);
        case "--allocation-calls" ->
            allocationCalls = count(arg, value(args, ++i, arg), 1, 100_000_000);
        case JMH -> throw new IllegalArgumentException(
            JMH + " must be the first argument: the arguments after it go to JMH");
        default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
      }
    }
    if (jitWarmUpMax == null) {
      // Adaptive only by default: a --jit-warmup given alone is the whole warm-up.
      jitWarmUpMax = quick || jitWarmUp != null ? jitWarmUp : Duration.ofSeconds(20);
    }
    if (jitWarmUp == null) {
      jitWarmUp = quick ? Duration.ofSeconds(1) : Duration.ofSeconds(8);
    }
    if (jitWarmUpMax == null) {
      jitWarmUpMax = jitWarmUp;
    }
    if (jitWarmUpMax.compareTo(jitWarmUp) < 0) {
      jitWarmUpMax = jitWarmUp;
    }
    if (warmUp == null) {
      warmUp = quick ? Duration.ofMillis(300) : Duration.ofSeconds(1);
    }
    if (measure == null) {
      measure = quick ? Duration.ofMillis(700) : Duration.ofSeconds(1);
    }
    if (repeat == null) {
      repeat = quick || child ? 1 : 3;
    }
    if (passivatedObjects == null) {
      passivatedObjects = quick ? 100_000 : 1_000_000;
    }
    if (allocationCalls == null) {
      allocationCalls = quick ? 5_000 : 10_000;
    }
    return new BenchmarkOptions(
        quick,
        write,
        fork && !child,
        child,
        jitWarmUp,
        jitWarmUpMax,
        warmUp,
        measure,
        concurrency,
        payloadConcurrency,
        only,
        output,
        resultsDir,
        repeat,
        reactivatedObjects,
        leasedObjects,
        passivatedObjects,
        activeObjects,
        allocationCalls);
  }

  /** The command line of a forked JVM that runs one scenario with these settings. */
  List<String> childArguments(String scenarioId) {
    return List.of(
        "--child",
        "--only",
        scenarioId,
        "--jit-warmup",
        jitWarmUp.toMillis() + "ms",
        "--jit-warmup-max",
        jitWarmUpMax.toMillis() + "ms",
        "--warmup",
        warmUp.toMillis() + "ms",
        "--duration",
        measure.toMillis() + "ms",
        "--concurrency",
        join(concurrency),
        "--payload-concurrency",
        join(payloadConcurrency),
        "--reactivated-objects",
        String.valueOf(reactivatedObjects),
        "--leased-objects",
        String.valueOf(leasedObjects),
        "--passivated-objects",
        String.valueOf(passivatedObjects),
        "--active-objects",
        String.valueOf(activeObjects),
        "--allocation-calls",
        String.valueOf(allocationCalls));
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

  private static int count(String option, String text, int min, int max) {
    int n;
    try {
      n = Integer.parseInt(text.trim().replace("_", "").replace(",", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " '" + text + "' is not a whole number", e);
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(
          option + " must be " + min + ".." + max + ", got " + n);
    }
    return n;
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
