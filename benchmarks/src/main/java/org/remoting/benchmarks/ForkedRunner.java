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
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.remoting.benchmarks.CellResult.Metric;

/**
 * Runs each scenario or probe in a fresh JVM, like JMH's forks: the same class path, JVM flags
 * and settings, plus the probe's own JVM options (such as a heap limit), with {@code --child
 * --only <id>}. A child prints one line per cell on its standard output (tab-separated, text in
 * base64, the latency histogram in HdrHistogram's compressed form), which the parent decodes back
 * into {@link CellResult}s. The child's standard error (progress, warnings) goes to the parent's.
 */
final class ForkedRunner {
  private static final String CELL = "CELL";
  private static final int FIELDS = 11;

  private ForkedRunner() {}

  /**
   * Runs {@code job} in a new JVM and returns its cells.
   *
   * @throws IOException if the JVM cannot be started, or exits with no result or an error
   * @throws InterruptedException if interrupted while waiting for it; it is then destroyed
   */
  static List<CellResult> run(
      BenchmarkOptions options, BenchmarkMain.Job job, Consumer<String> progress)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.addAll(job.jvmOptions());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(BenchmarkMain.class.getName());
    command.addAll(options.childArguments(job.id()));
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    List<CellResult> cells = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith(CELL + "\t")) {
          cells.add(decode(line, job.id()));
        } else {
          progress.accept(line);
        }
      }
      int exit = process.waitFor();
      if (exit != 0 || cells.isEmpty()) {
        throw new IOException(
            "the JVM for " + job.label() + " exited with " + exit + " after " + cells.size()
                + " results; its errors are above. Command: " + String.join(" ", command));
      }
    } finally {
      process.destroy();
    }
    return cells;
  }

  /** The child's side: prints the results of job {@code id} in the form {@link #run} reads. */
  static void print(String id, List<CellResult> results, PrintStream out) {
    for (CellResult r : results) {
      ByteBuffer buffer = ByteBuffer.allocate(r.latency().getNeededByteBufferCapacity());
      int length = r.latency().encodeIntoCompressedByteBuffer(buffer);
      StringBuilder metrics = new StringBuilder();
      for (Metric m : r.metrics()) {
        metrics.append(m.name()).append('\t').append(m.value()).append('\t').append(m.unit())
            .append('\n');
      }
      out.println(
          String.join(
              "\t",
              CELL,
              id,
              text(r.scenario()),
              r.workload().name(),
              String.valueOf(r.concurrency()),
              String.valueOf(r.calls()),
              String.valueOf(r.errors()),
              String.valueOf(r.measuredNanos()),
              String.valueOf(r.servantInstances()),
              Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length)),
              r.firstError() == null ? "-" : text(r.firstError()),
              metrics.length() == 0 ? "-" : text(metrics.toString())));
    }
    out.flush();
  }

  private static CellResult decode(String line, String id) throws IOException {
    String[] f = line.split("\t", -1);
    if (f.length != FIELDS + 1 || !f[1].equals(id)) {
      throw new IOException("unexpected result line from the JVM for " + id + ": " + line);
    }
    Histogram latency;
    try {
      latency =
          Histogram.decodeFromCompressedByteBuffer(
              ByteBuffer.wrap(Base64.getDecoder().decode(f[9])), 0);
    } catch (DataFormatException e) {
      throw new IOException("corrupt histogram from the JVM for " + id, e);
    }
    List<Metric> metrics = new ArrayList<>();
    if (!f[11].equals("-")) {
      for (String m : untext(f[11]).split("\n")) {
        String[] parts = m.split("\t", -1);
        metrics.add(new Metric(parts[0], Double.parseDouble(parts[1]), parts[2]));
      }
    }
    return new CellResult(
        untext(f[2]),
        Scenario.Workload.valueOf(f[3]),
        Integer.parseInt(f[4]),
        Long.parseLong(f[5]),
        Long.parseLong(f[6]),
        Long.parseLong(f[7]),
        latency,
        f[10].equals("-") ? null : untext(f[10]),
        Long.parseLong(f[8]),
        metrics);
  }

  private static String text(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String untext(String s) {
    return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
  }
}
