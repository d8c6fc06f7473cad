package org.remoting.invocation;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An in-memory requestor: records every call, answers synchronous calls with {@link #answer},
 * and leaves asynchronous calls pending until the test completes them, on a thread named {@value
 * #TRANSPORT} that stands for a transport thread. Callbacks run on one thread named {@value
 * #CALLBACK}.
 */
final class FakeRequestor implements Requestor, AutoCloseable {
  static final String TRANSPORT = "fake-transport";
  static final String CALLBACK = "client-callback";

  enum Kind { SYNC, ASYNC, ACKNOWLEDGED, ONE_WAY }

  record Call(Kind kind, Method method, Object[] args, CompletableFuture<Object> future) {
    String name() {
      return method.getName();
    }

    List<Object> argList() {
      return args == null ? null : List.of(args);
    }
  }

  interface Answer {
    Object answer(Call call) throws Throwable;
  }

  private final BlockingQueue<Call> pending = new LinkedBlockingQueue<>();
  final List<Call> calls = new CopyOnWriteArrayList<>();
  private final ExecutorService transport =
      Executors.newSingleThreadExecutor(r -> new Thread(r, TRANSPORT));
  private final ExecutorService callbacks =
      Executors.newSingleThreadExecutor(r -> new Thread(r, CALLBACK));
  volatile Answer answer = call -> null;
  /** Thrown by {@link #invokeAsync} when set, like an argument that cannot be encoded. */
  volatile RuntimeException refuseAsync;

  @Override
  public Object invoke(Method method, Object[] args) throws Throwable {
    return answer.answer(record(Kind.SYNC, method, args, null));
  }

  @Override
  public CompletableFuture<Object> invokeAsync(Method method, Object[] args) {
    if (refuseAsync != null) {
      throw refuseAsync;
    }
    return record(Kind.ASYNC, method, args, new CompletableFuture<>()).future();
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public CompletableFuture<Void> invokeAcknowledged(Method method, Object[] args) {
    return (CompletableFuture) record(Kind.ACKNOWLEDGED, method, args, new CompletableFuture<>())
        .future();
  }

  @Override
  public void invokeOneWay(Method method, Object[] args) {
    record(Kind.ONE_WAY, method, args, null);
  }

  @Override
  public Executor callbackExecutor() {
    return callbacks;
  }

  private Call record(Kind kind, Method method, Object[] args, CompletableFuture<Object> future) {
    Call call = new Call(kind, method, args, future);
    calls.add(call);
    pending.add(call);
    return call;
  }

  /** The next call made, waiting for it if need be. */
  Call next() throws InterruptedException {
    Call call = pending.poll(5, TimeUnit.SECONDS);
    assertNotNull(call, "no call was made");
    return call;
  }

  /** Completes the call with {@code result} on the transport thread. */
  void complete(Call call, Object result) throws Exception {
    transport.submit(() -> call.future().complete(result)).get(5, TimeUnit.SECONDS);
  }

  /** Fails the call on the transport thread. */
  void fail(Call call, Throwable failure) throws Exception {
    transport.submit(() -> call.future().completeExceptionally(failure)).get(5, TimeUnit.SECONDS);
  }

  /** Shuts the callback executor down, as closing a client does with the one it owns. */
  void shutDownCallbacks() {
    callbacks.shutdown();
  }

  /** Waits until everything submitted to the callback executor so far has run. */
  void drainCallbacks() throws Exception {
    callbacks.submit(() -> {}).get(5, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    transport.shutdownNow();
    callbacks.shutdownNow();
  }
}
