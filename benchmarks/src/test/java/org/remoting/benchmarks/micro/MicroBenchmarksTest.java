package org.remoting.benchmarks.micro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every micro-benchmark of the package through JMH's runner, in this JVM, for one 50 ms
 * iteration, and checks that each method, with each of its parameter values, produced a
 * positive score. Measures nothing worth reading; it catches a benchmark that throws (the
 * marshalling benchmark's set-up checks both codecs agree), one that JMH did not generate, and one
 * added to the package but not listed here.
 */
class MicroBenchmarksTest {
  private static final List<Class<?>> BENCHMARKS =
      List.of(MarshallingBenchmark.class, LifecycleBenchmark.class);

  @Test
  void everyMicroBenchmarkRunsAndScores() throws Exception {
    Options options =
        new OptionsBuilder()
            .include("^" + MicroBenchmarksTest.class.getPackageName().replace(".", "\\.") + "\\.")
            .forks(0)
            .warmupIterations(0)
            .measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(50))
            .shouldFailOnError(true)
            .verbosity(VerboseMode.SILENT)
            .build();

    Collection<RunResult> results = new Runner(options).run();

    Map<String, Integer> runs = new TreeMap<>();
    for (RunResult result : results) {
      String benchmark = result.getParams().getBenchmark();
      runs.merge(benchmark, 1, Integer::sum);
      double score = result.getPrimaryResult().getScore();
      assertTrue(
          score > 0 && Double.isFinite(score),
          benchmark + " " + result.getParams() + ": score " + score);
    }
    assertEquals(expectedRuns(), runs, "runs per benchmark method (a class not in BENCHMARKS?)");
  }

  /** Each {@code @Benchmark} method's full name, and how many parameter combinations it has. */
  private static Map<String, Integer> expectedRuns() {
    Map<String, Integer> expected = new TreeMap<>();
    for (Class<?> type : BENCHMARKS) {
      for (Method method : type.getMethods()) {
        if (method.isAnnotationPresent(Benchmark.class)) {
          int combinations = combinations(type); // the class itself may be a state
          for (Class<?> parameter : method.getParameterTypes()) {
            combinations *= combinations(parameter);
          }
          expected.put(type.getName() + "." + method.getName(), combinations);
        }
      }
    }
    assertTrue(expected.size() >= BENCHMARKS.size(), "no @Benchmark methods found: " + expected);
    return expected;
  }

  /** The product of the numbers of values of a state's {@code @Param} fields (1 for a non-state). */
  private static int combinations(Class<?> state) {
    if (!state.isAnnotationPresent(State.class)) {
      return 1;
    }
    List<Field> fields = new ArrayList<>();
    for (Class<?> c = state; c != null; c = c.getSuperclass()) {
      fields.addAll(List.of(c.getDeclaredFields()));
    }
    int combinations = 1;
    for (Field field : fields) {
      Param param = field.getAnnotation(Param.class);
      if (param != null) {
        combinations *= param.value().length;
      }
    }
    return combinations;
  }
}
