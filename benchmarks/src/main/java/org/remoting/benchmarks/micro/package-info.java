/**
 * JMH micro-benchmarks of the framework's per-call building blocks, without a transport: the
 * codec ({@link org.remoting.benchmarks.micro.MarshallingBenchmark}, next to the raw baseline's
 * hand-written protobuf code) and the lifecycle managers' acquire and release ({@link
 * org.remoting.benchmarks.micro.LifecycleBenchmark}). They use the runtime's internal codec
 * classes, which may change at any time. Run them with {@code java -jar
 * benchmarks/target/remoting-benchmarks.jar --jmh [JMH options]}; the annotations' defaults (one
 * fork, 3 warm-up and 5 measurement iterations of 1 s) take about 3 minutes for all of them.
 */
package org.remoting.benchmarks.micro;
