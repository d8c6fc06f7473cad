package org.remoting.runtime;

import org.remoting.Idempotent;
import org.remoting.Remote;

/** A counter whose methods say whether they are safe to retry. */
@Remote("test.Tally")
public interface Tally {
  /** Reads the count. */
  @Idempotent
  int count();

  /** Adds one: not safe to run twice. */
  int increment();

  /** Adds one, then kills the server it runs on: the reply never arrives. */
  int incrementAndCrash();

  /** Counts its runs; the first run kills the server, which comes back soon after. */
  @Idempotent
  int readAndCrashOnce();

  /**
   * Counts its runs; the first takes {@code millis}, then kills the server, which comes back soon
   * after; later runs take ten times as long.
   */
  @Idempotent
  int slowReadAndCrashOnce(int millis);
}
