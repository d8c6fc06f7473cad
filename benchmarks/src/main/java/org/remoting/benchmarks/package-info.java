/**
 * Side-by-side benchmarks of the framework, raw grpc-java and Java RMI: {@link
 * org.remoting.benchmarks.BenchmarkMain} runs every {@link org.remoting.benchmarks.Scenario} under
 * the closed-loop {@link org.remoting.benchmarks.LoadGenerator} and every {@link
 * org.remoting.benchmarks.Probe} (reactivation, lease renewal, heap, allocation), repeats them,
 * and prints a markdown report of the medians with the targets met or not, plus a latency chart.
 * The framework is used through its public API only (and the test fixture's {@code FakeClock}).
 */
package org.remoting.benchmarks;
