package org.remoting.invocation;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.remoting.OneWay;
import org.remoting.PollObject;
import org.remoting.ResultCallback;

/** A remote interface with a method of every declared style. */
interface Calc {
  int add(int a, int b);

  boolean isOpen();

  void reset();

  String echo(String text) throws IOException;

  @OneWay
  void log(String line);

  PollObject<Integer> addLater(int a, int b);

  PollObject<String> load(String name) throws IOException;

  PollObject<Void> touch();

  CompletableFuture<String> fetch(String key);

  CompletionStage<String> stage(String key);

  void quote(String symbol, ResultCallback<Double> callback);

  void ping(ResultCallback<? super Long> callback);

  default int twice(int a) {
    return add(a, a);
  }
}
