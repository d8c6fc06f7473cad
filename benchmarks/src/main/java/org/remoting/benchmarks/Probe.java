package org.remoting.benchmarks;

import java.util.List;
import java.util.function.Consumer;

/**
 * A measurement that is not a closed loop of one call, such as the latency of reactivating
 * passivated objects, the lease renewal traffic of many held objects, the heap of a million
 * passivated objects, or the bytes allocated per call. It sets up what it needs, measures, tears
 * everything down, and reports cells like a {@link Scenario} does, with their {@linkplain
 * CellResult#metrics() metrics}.
 */
public interface Probe {
  /** Short id for {@code --only}, such as {@code reactivation}. */
  String id();

  /** What the probe measures, for progress lines. */
  String name();

  /**
   * Options for the JVM that runs the probe, after the parent's own: for example a heap limit. A
   * probe run with {@code --no-fork} runs in the current JVM and does without them.
   */
  default List<String> jvmOptions() {
    return List.of();
  }

  /**
   * Whether {@code --repeat} runs the probe again. A probe that counts (objects, bytes) rather
   * than times may run once.
   */
  default boolean repeats() {
    return true;
  }

  /**
   * Runs the probe.
   *
   * @param progress receives a line at each step
   * @throws Exception if the probe cannot set up, measure or tear down
   */
  List<CellResult> run(BenchmarkOptions options, Consumer<String> progress) throws Exception;
}
