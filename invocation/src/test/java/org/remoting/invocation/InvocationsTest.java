package org.remoting.invocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.remoting.invocation.DeclaredStyleTest.assertContains;
import static org.remoting.invocation.FakeRequestor.CALLBACK;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.remoting.ObjectNotFoundException;
import org.remoting.PollObject;
import org.remoting.RemotingException;
import org.remoting.invocation.ClientProxiesTest.Recording;
import org.remoting.invocation.FakeRequestor.Call;
import org.remoting.invocation.FakeRequestor.Kind;

/** Calls in a style chosen per call. */
class InvocationsTest {
  private final FakeRequestor requestor = new FakeRequestor();
  private final Calc calc = ClientProxies.create(Calc.class, requestor, "Proxy[calc]");
  private final ExecutorService caller = Executors.newSingleThreadExecutor();

  @AfterEach
  void close() {
    caller.shutdownNow();
    requestor.close();
  }

  @Test
  void fireAndForgetAnyMethodResultDiscarded() throws Exception {
    Invocations.fireAndForget(calc, c -> c.add(1, 2));
    Invocations.fireAndForget(calc, c -> c.log("hello")); // declared @OneWay: fine too
    Invocations.fireAndForget(calc, Calc::reset);
    Call add = requestor.next();
    assertEquals(Kind.ONE_WAY, add.kind());
    assertEquals("add", add.name());
    assertEquals(List.of(1, 2), add.argList());
    assertEquals(List.of("hello"), requestor.next().argList());
    assertNull(requestor.next().args());
    assertTrue(requestor.calls.stream().allMatch(c -> c.kind() == Kind.ONE_WAY));
  }

  @Test
  void syncWithServerBlocksUntilTheServerAccepts() throws Exception {
    Future<?> done = caller.submit(() -> Invocations.syncWithServer(calc, c -> c.log("x")));
    Call call = requestor.next();
    assertEquals(Kind.ACKNOWLEDGED, call.kind());
    assertEquals(List.of("x"), call.argList());
    assertFalse(done.isDone(), "returned before the acknowledgement");
    requestor.complete(call, null);
    done.get(5, TimeUnit.SECONDS);
  }

  @Test
  void syncWithServerThrowsWhatASyncCallWould() throws Exception {
    ObjectNotFoundException notFound = new ObjectNotFoundException("no object 'x'");
    Future<?> unknown = caller.submit(() -> Invocations.syncWithServer(calc, c -> c.add(1, 2)));
    requestor.fail(requestor.next(), notFound);
    assertSame(notFound, assertThrows(ExecutionException.class,
        () -> unknown.get(5, TimeUnit.SECONDS)).getCause());

    IOException declared = new IOException("declared");
    Future<?> checked = caller.submit(() -> Invocations.syncWithServer(calc, c -> {
      try {
        c.echo("x");
      } catch (IOException e) {
        throw new UncheckedIOException(e); // the stand-in never throws
      }
    }));
    requestor.fail(requestor.next(), declared);
    assertSame(declared, assertThrows(ExecutionException.class,
        () -> checked.get(5, TimeUnit.SECONDS)).getCause(), "thrown as is, sneakily");
  }

  @Test
  void syncWithServerInterruptedCancelsTheCall() throws Exception {
    CompletableFuture<Throwable> thrown = new CompletableFuture<>();
    Thread waiting = new Thread(() -> {
      try {
        Invocations.syncWithServer(calc, c -> c.log("x"));
        thrown.complete(null);
      } catch (Throwable t) {
        thrown.complete(Thread.currentThread().isInterrupted() ? t : null);
      }
    });
    waiting.start();
    Call call = requestor.next();
    waiting.interrupt();
    Throwable t = thrown.get(5, TimeUnit.SECONDS);
    assertTrue(t instanceof RemotingException, "interrupt flag kept, RemotingException: " + t);
    assertTrue(call.future().isCancelled());
  }

  @Test
  void pollAnyMethod() throws Exception {
    PollObject<Integer> sum = Invocations.poll(calc, c -> c.add(1, 2));
    Call call = requestor.next();
    assertEquals(Kind.ASYNC, call.kind());
    assertEquals(List.of(1, 2), call.argList());
    assertFalse(sum.isAvailable());
    requestor.complete(call, 3);
    assertTrue(sum.isAvailable());
    assertEquals(3, sum.getResult());

    PollObject<Integer> cancelled = Invocations.poll(calc, c -> c.add(1, 2));
    Call second = requestor.next();
    assertTrue(cancelled.cancel());
    assertTrue(second.future().isCancelled());
  }

  @Test
  void pollRethrowsADeclaredCheckedException() throws Exception {
    PollObject<String> echo = Invocations.poll(calc, c -> {
      try {
        return c.echo("x");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    IOException declared = new IOException("declared");
    requestor.fail(requestor.next(), declared);
    assertSame(declared, assertThrows(IOException.class, echo::getResult));
  }

  @Test
  void futureOfAnyMethodCompletesOnTheCallbackExecutor() throws Exception {
    CompletableFuture<Boolean> open = Invocations.future(calc, Calc::isOpen);
    CompletableFuture<String> thread = open.thenApply(v -> Thread.currentThread().getName());
    Call call = requestor.next();
    assertEquals("isOpen", call.name());
    requestor.complete(call, true);
    assertEquals(CALLBACK, thread.get(5, TimeUnit.SECONDS));
    assertTrue(open.get(5, TimeUnit.SECONDS));

    CompletableFuture<Integer> cancelled = Invocations.future(calc, c -> c.add(1, 2));
    Call second = requestor.next();
    cancelled.cancel(false);
    assertTrue(second.future().isCancelled());
  }

  @Test
  void callbackOfAnyMethodRunsOnceOnTheCallbackExecutor() throws Exception {
    Recording<Integer> callback = new Recording<>();
    Invocations.callback(calc, c -> c.add(1, 2), callback);
    Call call = requestor.next();
    assertEquals(List.of(1, 2), call.argList());
    requestor.complete(call, 3);
    assertEquals(3, callback.await());
    requestor.drainCallbacks();
    assertEquals(List.of("result 3"), callback.events);
    assertEquals(CALLBACK, callback.thread);

    Recording<Object> failed = new Recording<>();
    Invocations.callback(calc, c -> c.add(1, 2), failed);
    RemotingException failure = new RemotingException("unreachable");
    requestor.fail(requestor.next(), failure);
    assertSame(failure, failed.await());
    assertEquals(CALLBACK, failed.thread);
  }

  /**
   * A call completed after its client closed (and shut its callback executor down) still
   * delivers its outcome exactly once, and not on the transport thread that completed it.
   */
  @Test
  void anOutcomeTheCallbackExecutorRefusesIsDeliveredOffTheTransportThread() throws Exception {
    Recording<Integer> callback = new Recording<>();
    Invocations.callback(calc, c -> c.add(1, 2), callback);
    CompletableFuture<String> futureThread =
        Invocations.future(calc, c -> c.add(3, 4))
            .thenApply(v -> v + " on " + Thread.currentThread().getName());
    Call first = requestor.next();
    Call second = requestor.next();
    requestor.shutDownCallbacks();

    requestor.fail(first, new RemotingException("the client was closed"));
    requestor.complete(second, 7);

    assertEquals("the client was closed", ((Throwable) callback.await()).getMessage());
    assertEquals(Completions.LATE_CALLBACK_THREAD, callback.thread);
    assertEquals(1, callback.events.size(), callback.events.toString());
    assertEquals(
        "7 on " + Completions.LATE_CALLBACK_THREAD, futureThread.get(5, TimeUnit.SECONDS));
  }

  // ---- misuse ----

  private static String misuse(Executable call) {
    return assertThrows(IllegalArgumentException.class, call).getMessage();
  }

  @Test
  void theLambdaMustMakeExactlyOneCall() {
    assertContains(misuse(() -> Invocations.poll(calc, c -> 42)),
        "Invocations.poll: the lambda made no call on its argument",
        "it must make exactly one remote method call on it");
    assertContains(misuse(() -> Invocations.fireAndForget(calc, c -> c.add(c.add(1, 2), 3))),
        "Invocations.fireAndForget: the lambda made 2 calls (add, add)");
    assertTrue(requestor.calls.isEmpty());
  }

  @Test
  void onlyRemoteMethodsDeclaredSynchronousCanBeRecorded() {
    assertContains(misuse(() -> Invocations.future(calc, c -> c.fetch("k"))),
        "Invocations.future: Calc.fetch(java.lang.String) is declared asynchronous (FUTURE",
        "call it directly");
    assertContains(misuse(() -> Invocations.syncWithServer(calc, c -> c.quote("x", null))),
        "Calc.quote(java.lang.String, org.remoting.ResultCallback<java.lang.Double>) is declared"
            + " asynchronous (CALLBACK");
    assertContains(misuse(() -> Invocations.poll(calc, c -> c.addLater(1, 2))),
        "is declared asynchronous (POLL_OBJECT");
    assertContains(misuse(() -> Invocations.callback(calc, c -> {
      c.log("x");
      return null;
    }, new Recording<>())), "Invocations.callback: Calc.log(java.lang.String) is declared"
        + " @OneWay and has no result");
    assertContains(misuse(() -> Invocations.poll(calc, c -> c.twice(1))),
        "Calc.twice(int) is a default method, which runs locally");
    assertContains(misuse(() -> Invocations.poll(calc, Object::toString)),
        "Calc.toString() is not a remote method");
    assertTrue(requestor.calls.isEmpty());
  }

  @Test
  void theProxyMustBeAClientProxy() {
    assertContains(misuse(() -> Invocations.fireAndForget(new Object(), Object::hashCode)),
        "not a remote proxy: java.lang.Object");
    assertThrows(NullPointerException.class, () -> Invocations.poll(null, Object::hashCode));
    assertThrows(NullPointerException.class, () -> Invocations.callback(calc, c -> c.add(1, 2),
        null));
  }
}
