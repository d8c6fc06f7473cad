package org.remoting.runtime;

import java.util.concurrent.CompletableFuture;
import org.remoting.OneWay;
import org.remoting.PollObject;
import org.remoting.Remote;
import org.remoting.ResultCallback;

/** A remote interface with every declared invocation style, for invocation-style tests. */
@Remote("test.Styles")
public interface Styles {
  int add(int a, int b);

  /** Records {@code value}, first waiting until the test opens the gate. */
  void gatedRecord(int value);

  /** Adds, first waiting until the test opens the gate. */
  int gatedAdd(int a, int b);

  /** Blocks until the call is cancelled (or 10 s pass). */
  int blockUntilCancelled();

  /** Throws an undeclared exception. */
  int fail(String message);

  @OneWay
  void log(String line);

  /** Declared one-way; logs {@code line} once the test opens the gate. */
  @OneWay
  void gatedLog(String line);

  /** Appends {@code value} to the servant's list. */
  void append(int value);

  PollObject<Integer> polledAdd(int a, int b);

  CompletableFuture<String> greet(String name);

  void quote(String symbol, ResultCallback<Double> callback);
}
