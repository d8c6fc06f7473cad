package org.remoting.benchmarks;

import org.remoting.Remote;

/**
 * The benchmarked remote interface. On the wire: service {@code bench.Adder}; {@code add} takes
 * int32 fields 1 and 2 and returns int32 field 1; {@code echo} takes and returns bytes field 1,
 * exactly what {@link RawGrpcAdder} encodes by hand.
 */
@Remote("bench.Adder")
public interface Adder {
  int add(int a, int b);

  byte[] echo(byte[] payload);
}
