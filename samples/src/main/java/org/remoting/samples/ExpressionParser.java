package org.remoting.samples;

import org.remoting.Remote;

/** An expensive, non-thread-safe parser: the pooled lifecycle's sample. */
@Remote("demo.ExpressionParser")
public interface ExpressionParser {
  /** Evaluates {@code a + b + ...}, taking {@code millis} to do it. */
  Result evaluate(String expression, long millis);

  /**
   * The value, and what the server saw: which parser instance evaluated it, how many parser
   * instances were alive, and how many evaluate calls were running (this one included).
   */
  record Result(long value, int parserInstance, int instancesAlive, int callsRunning) {}
}
