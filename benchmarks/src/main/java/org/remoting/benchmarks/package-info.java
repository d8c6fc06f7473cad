/**
 * Side-by-side benchmarks of the framework, raw grpc-java and Java RMI: {@link
 * org.remoting.benchmarks.BenchmarkMain} runs every {@link org.remoting.benchmarks.Scenario} under
 * the closed-loop {@link org.remoting.benchmarks.LoadGenerator} and prints a markdown table. The
 * framework is used through its public API only.
 */
package org.remoting.benchmarks;
