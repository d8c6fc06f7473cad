package org.remoting.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * Runs each scenario in a fresh JVM, like JMH's forks: the same class path, JVM flags and
 * settings, with {@code --child --only <id>}. A child prints one line per cell on its standard
 * output (tab-separated, with the latency histogram in HdrHistogram's compressed form, base64),
 * which the parent decodes back into {@link CellResult}s. The child's standard error (progress,
 * warnings) goes to the parent's.
 */
final class ForkedRunner {
  private static final String CELL = "CELL";

  private ForkedRunner() {}

  /**
   * Forks one JVM per selected scenario, in turn.
   *
   * @throws IOException if a JVM cannot be started, or exits with no result
   * @throws InterruptedException if interrupted while waiting for one; it is then destroyed
   */
  static List<CellResult> run(
      BenchmarkOptions options, List<Scenario> scenarios, Consumer<String> progress)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<CellResult> results = new ArrayList<>();
    for (int i = 0; i < scenarios.size(); i++) {
      Scenario scenario = scenarios.get(i);
      progress.accept(
          "scenario " + (i + 1) + "/" + scenarios.size() + ": " + scenario + " in a new JVM");
      List<String> command = new ArrayList<>();
      command.add(java);
      command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(BenchmarkMain.class.getName());
      command.addAll(options.childArguments(scenario.id()));
      Process process =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      List<CellResult> cells = new ArrayList<>();
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.startsWith(CELL + "\t")) {
            cells.add(decode(line, scenario));
          } else {
            progress.accept(line);
          }
        }
        int exit = process.waitFor();
        if (exit != 0 || cells.isEmpty()) {
          throw new IOException(
              "the JVM for " + scenario + " exited with " + exit + " after " + cells.size()
                  + " results; its errors are above. Command: " + String.join(" ", command));
        }
      } finally {
        process.destroy();
      }
      results.addAll(cells);
    }
    return results;
  }

  /** The child's side: prints the results of scenario {@code id} in the form {@link #run} reads. */
  static void print(String id, List<CellResult> results, PrintStream out) {
    for (CellResult r : results) {
      ByteBuffer buffer = ByteBuffer.allocate(r.latency().getNeededByteBufferCapacity());
      int length = r.latency().encodeIntoCompressedByteBuffer(buffer);
      out.println(
          String.join(
              "\t",
              CELL,
              id,
              String.valueOf(r.concurrency()),
              String.valueOf(r.calls()),
              String.valueOf(r.errors()),
              String.valueOf(r.measuredNanos()),
              String.valueOf(r.servantInstances()),
              Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length)),
              r.firstError() == null
                  ? "-"
                  : Base64.getEncoder()
                      .encodeToString(r.firstError().getBytes(StandardCharsets.UTF_8))));
    }
    out.flush();
  }

  private static CellResult decode(String line, Scenario scenario) throws IOException {
    String[] f = line.split("\t", -1);
    if (f.length != 9 || !f[1].equals(scenario.id())) {
      throw new IOException("unexpected result line from the JVM for " + scenario + ": " + line);
    }
    Histogram latency;
    try {
      latency =
          Histogram.decodeFromCompressedByteBuffer(
              ByteBuffer.wrap(Base64.getDecoder().decode(f[7])), 0);
    } catch (DataFormatException e) {
      throw new IOException("corrupt histogram from the JVM for " + scenario, e);
    }
    Function<String, String> text =
        s -> s.equals("-") ? null : new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
    return new CellResult(
        scenario.name(),
        scenario.workload(),
        Integer.parseInt(f[2]),
        Long.parseLong(f[3]),
        Long.parseLong(f[4]),
        Long.parseLong(f[5]),
        latency,
        text.apply(f[8]),
        Long.parseLong(f[6]));
  }
}
