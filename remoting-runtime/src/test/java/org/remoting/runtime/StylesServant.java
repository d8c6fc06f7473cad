package org.remoting.runtime;

import io.grpc.Context;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.remoting.PollObject;
import org.remoting.ResultCallback;

/** A thread-safe {@link Styles} servant whose gate the test opens. */
class StylesServant implements Styles {
  final CountDownLatch gate = new CountDownLatch(1);
  final AtomicInteger started = new AtomicInteger();
  final AtomicInteger cancellationsSeen = new AtomicInteger();
  final List<Integer> recorded = new CopyOnWriteArrayList<>();
  final List<String> lines = new CopyOnWriteArrayList<>();
  final List<Integer> appended = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

  @Override
  public int add(int a, int b) {
    return a + b;
  }

  @Override
  public void gatedRecord(int value) {
    started.incrementAndGet();
    awaitGate();
    recorded.add(value);
  }

  @Override
  public int gatedAdd(int a, int b) {
    started.incrementAndGet();
    awaitGate();
    return a + b;
  }

  @Override
  public int blockUntilCancelled() {
    started.incrementAndGet();
    CountDownLatch cancelled = new CountDownLatch(1);
    Context.current().addListener(context -> cancelled.countDown(), Runnable::run);
    try {
      if (cancelled.await(10, TimeUnit.SECONDS)) {
        cancellationsSeen.incrementAndGet();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  @Override
  public int fail(String message) {
    throw new IllegalStateException(message);
  }

  @Override
  public void log(String line) {
    lines.add(line);
  }

  @Override
  public void gatedLog(String line) {
    started.incrementAndGet();
    awaitGate();
    lines.add(line);
  }

  @Override
  public void append(int value) {
    appended.add(value);
  }

  @Override
  public PollObject<Integer> polledAdd(int a, int b) {
    return PollObject.completed(a + b);
  }

  @Override
  public CompletableFuture<String> greet(String name) {
    return CompletableFuture.supplyAsync(() -> "hello " + name);
  }

  @Override
  public void quote(String symbol, ResultCallback<Double> callback) {
    new Thread(() -> callback.onResult(symbol.length() * 10.0)).start();
  }

  private void awaitGate() {
    try {
      if (!gate.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never opened the gate");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
