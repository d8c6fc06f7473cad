package org.remoting.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/** What the probes share: latency histograms, scratch directories, heap and allocation readings. */
final class ProbeSupport {
  /** Latencies above this are clamped, as in {@link LoadGenerator}. */
  static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.SECONDS.toNanos(60);

  private ProbeSupport() {}

  static Histogram histogram() {
    return new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
  }

  static void record(Histogram histogram, long nanos) {
    histogram.recordValue(Math.min(Math.max(nanos, 0), HIGHEST_TRACKABLE_NANOS));
  }

  /** A new empty directory under {@code java.io.tmpdir}; {@link #deleteTree} removes it. */
  static Path scratchDirectory(String purpose) throws IOException {
    return Files.createTempDirectory("remoting-bench-" + purpose + "-");
  }

  /** Deletes {@code dir} and everything under it; quietly does nothing if it is gone. */
  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(ProbeSupport::delete);
    } catch (IOException | UncheckedIOException e) {
      System.err.println("could not delete " + dir + ": " + e);
    }
  }

  private static void delete(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Heap in use after full collections: {@code System.gc()} until the reading stops falling (at
   * most five times), then the smallest reading, in bytes.
   */
  static long usedHeapAfterGc() throws InterruptedException {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(50);
      long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      if (used >= best) {
        break;
      }
      best = used;
    }
    return best;
  }

  /** The JVM's maximum heap in bytes ({@code -Xmx}). */
  static long maxHeap() {
    return Runtime.getRuntime().maxMemory();
  }

  static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }
}
