package org.remoting.invocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.remoting.invocation.FakeRequestor.CALLBACK;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.remoting.ObjectNotFoundException;
import org.remoting.PollObject;
import org.remoting.ResultCallback;
import org.remoting.invocation.FakeRequestor.Call;
import org.remoting.invocation.FakeRequestor.Kind;

/** Calls of the styles a method declares. */
class ClientProxiesTest {
  private final FakeRequestor requestor = new FakeRequestor();
  private final Calc calc = ClientProxies.create(Calc.class, requestor, "Proxy[calc]");

  @AfterEach
  void close() {
    requestor.close();
  }

  @Test
  void syncCallsBlockOnInvoke() throws Throwable {
    requestor.answer = call -> (int) call.args()[0] + (int) call.args()[1];
    assertEquals(3, calc.add(1, 2));
    Call call = requestor.next();
    assertEquals(Kind.SYNC, call.kind());
    assertEquals(List.of(1, 2), call.argList());

    IOException failure = new IOException("disk full");
    requestor.answer = c -> {
      throw failure;
    };
    assertSame(failure, assertThrows(IOException.class, () -> calc.echo("x")));
  }

  @Test
  void defaultMethodsRunLocallyAndObjectMethodsToo() throws Exception {
    requestor.answer = call -> 4;
    assertEquals(4, calc.twice(2));
    assertEquals(List.of(2, 2), requestor.next().argList());
    assertEquals("Proxy[calc]", calc.toString());
    assertTrue(calc.equals(calc));
    assertEquals(1, requestor.calls.size());
  }

  @Test
  void oneWayMethodsAreHandedToInvokeOneWay() throws Exception {
    calc.log("started");
    Call call = requestor.next();
    assertEquals(Kind.ONE_WAY, call.kind());
    assertEquals("log", call.name());
    assertEquals(List.of("started"), call.argList());
  }

  // ---- poll object ----

  @Test
  void pollObjectIsAvailableOnlyOnceTheResultArrives() throws Exception {
    PollObject<Integer> sum = calc.addLater(1, 2);
    Call call = requestor.next();
    assertEquals(Kind.ASYNC, call.kind());
    assertEquals(List.of(1, 2), call.argList());
    assertFalse(sum.isAvailable());
    TimeoutException timeout =
        assertThrows(TimeoutException.class, () -> sum.getResult(Duration.ofMillis(1)));
    assertTrue(timeout.getMessage().contains("Proxy[calc].addLater"), timeout.getMessage());
    assertFalse(sum.isAvailable(), "a timeout does not end the call");

    requestor.complete(call, 3);
    assertTrue(sum.isAvailable());
    assertEquals(3, sum.getResult());
    assertEquals(3, sum.getResult(Duration.ZERO));
    assertFalse(sum.cancel(), "too late to cancel");
  }

  @Test
  void pollObjectRethrowsTheFailureAsItsOwnType() throws Exception {
    PollObject<Integer> sum = calc.addLater(1, 2);
    ObjectNotFoundException notFound = new ObjectNotFoundException("no object 'x'");
    requestor.fail(requestor.next(), new CompletionException(notFound));
    assertTrue(sum.isAvailable());
    assertSame(notFound, assertThrows(ObjectNotFoundException.class, sum::getResult));
    assertSame(notFound,
        assertThrows(ObjectNotFoundException.class, () -> sum.getResult(Duration.ofSeconds(1))));
  }

  @Test
  void pollObjectRethrowsADeclaredCheckedExceptionAsIs() throws Exception {
    PollObject<String> file = calc.load("a.txt");
    IOException failure = new IOException("no such file");
    requestor.fail(requestor.next(), failure);
    assertSame(failure, assertThrows(IOException.class, file::getResult));
  }

  @Test
  void cancellingAPollObjectCancelsTheCall() throws Exception {
    PollObject<Integer> sum = calc.addLater(1, 2);
    Call call = requestor.next();
    assertTrue(sum.cancel());
    assertTrue(call.future().isCancelled());
    assertTrue(sum.isAvailable());
    assertThrows(CancellationException.class, sum::getResult);
    assertFalse(sum.cancel());
  }

  @Test
  void pollObjectOfVoid() throws Exception {
    PollObject<Void> touched = calc.touch();
    Call call = requestor.next();
    assertNull(call.args());
    requestor.complete(call, null);
    assertNull(touched.getResult());
  }

  // ---- future ----

  @Test
  void futureCompletesOnTheCallbackExecutor() throws Exception {
    CompletableFuture<String> value = calc.fetch("k");
    CompletableFuture<String> thread = value.thenApply(v -> Thread.currentThread().getName());
    CompletableFuture<String> asyncThread =
        value.thenApplyAsync(v -> Thread.currentThread().getName());
    Call call = requestor.next();
    assertEquals(List.of("k"), call.argList());
    assertFalse(value.isDone());

    requestor.complete(call, "v");
    // wait on the dependents first: a thread waiting on 'value' itself may run its dependents
    assertEquals(CALLBACK, thread.get(5, TimeUnit.SECONDS));
    assertEquals(CALLBACK, asyncThread.get(5, TimeUnit.SECONDS), "default executor");
    assertEquals("v", value.get(5, TimeUnit.SECONDS));
  }

  @Test
  void futureFailsWithTheExceptionOfASyncCall() throws Exception {
    CompletableFuture<String> value = calc.fetch("k");
    ObjectNotFoundException notFound = new ObjectNotFoundException("gone");
    requestor.fail(requestor.next(), notFound);
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> value.get(5, TimeUnit.SECONDS));
    assertSame(notFound, e.getCause());
  }

  @Test
  void cancellingTheFutureCancelsTheCall() throws Exception {
    CompletableFuture<String> value = calc.fetch("k");
    Call call = requestor.next();
    assertTrue(value.cancel(true));
    assertTrue(call.future().isCancelled());
  }

  @Test
  void completingTheFutureFirstCancelsTheCall() throws Exception {
    CompletableFuture<String> value = calc.fetch("k");
    Call call = requestor.next();
    value.completeExceptionally(new TimeoutException("orTimeout"));
    assertTrue(call.future().isCancelled());
  }

  @Test
  void completionStageIsAFutureToo() throws Exception {
    CompletionStage<String> stage = calc.stage("k");
    Call call = requestor.next();
    assertTrue(stage.toCompletableFuture().cancel(false));
    assertTrue(call.future().isCancelled());
  }

  // ---- result callback ----

  /** Records the outcomes delivered to it and the threads they ran on. */
  static final class Recording<T> implements ResultCallback<T> {
    final List<String> events = new CopyOnWriteArrayList<>();
    final CompletableFuture<Object> outcome = new CompletableFuture<>();
    volatile String thread;

    @Override
    public void onResult(T result) {
      thread = Thread.currentThread().getName();
      events.add("result " + result);
      outcome.complete(result);
    }

    @Override
    public void onError(Throwable error) {
      thread = Thread.currentThread().getName();
      events.add("error " + error);
      outcome.complete(error);
    }

    Object await() throws Exception {
      return outcome.get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void callbackGetsTheResultOnceOnTheCallbackExecutor() throws Exception {
    Recording<Double> callback = new Recording<>();
    calc.quote("ACME", callback);
    Call call = requestor.next();
    assertEquals(Kind.ASYNC, call.kind());
    assertEquals(List.of("ACME"), call.argList(), "the callback is not sent");
    assertTrue(callback.events.isEmpty());

    requestor.complete(call, 1.5);
    assertEquals(1.5, callback.await());
    requestor.drainCallbacks();
    assertEquals(List.of("result 1.5"), callback.events);
    assertEquals(CALLBACK, callback.thread);
  }

  @Test
  void callbackGetsTheFailureOnce() throws Exception {
    Recording<Double> callback = new Recording<>();
    calc.quote("ACME", callback);
    ObjectNotFoundException notFound = new ObjectNotFoundException("gone");
    requestor.fail(requestor.next(), new CompletionException(notFound));
    assertSame(notFound, callback.await());
    requestor.drainCallbacks();
    assertEquals(1, callback.events.size());
    assertEquals(CALLBACK, callback.thread);
  }

  @Test
  void aCallbackThatThrowsIsLoggedAndTheNextCallWorks() throws Exception {
    calc.quote("ACME", ResultCallback.of(r -> {
      throw new IllegalStateException("callback bug (expected by the test)");
    }, e -> {}));
    requestor.complete(requestor.next(), 1.0);

    Recording<Long> next = new Recording<>();
    calc.ping(next);
    Call call = requestor.next();
    assertNull(call.args());
    requestor.complete(call, 7L);
    assertEquals(7L, next.await());
    assertEquals(CALLBACK, next.thread);
  }

  @Test
  void aNullCallbackIsRejectedAtOnce() {
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> calc.quote("ACME", null));
    assertTrue(e.getMessage().contains("ResultCallback argument of Proxy[calc].quote"));
    assertTrue(requestor.calls.isEmpty());
  }

  @Test
  void aCallTheRequestorRefusesAtOnceFailsAsynchronously() throws Exception {
    IllegalArgumentException refused = new IllegalArgumentException("null list element");
    requestor.refuseAsync = refused;

    PollObject<Integer> sum = calc.addLater(1, 2);
    assertSame(refused, assertThrows(IllegalArgumentException.class, sum::getResult));

    CompletableFuture<String> value = calc.fetch("k");
    assertSame(refused, assertThrows(ExecutionException.class,
        () -> value.get(5, TimeUnit.SECONDS)).getCause());

    Recording<Double> callback = new Recording<>();
    calc.quote("ACME", callback);
    assertSame(refused, callback.await());
    assertEquals(CALLBACK, callback.thread);
  }

  @Test
  void requestorOfAProxy() {
    assertSame(requestor, ClientProxies.requestor(calc));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ClientProxies.requestor("calc"));
    assertTrue(e.getMessage().startsWith("not a remote proxy: java.lang.String"));
    assertInstanceOf(Calc.class, ClientProxies.create(Calc.class, requestor, "again"));
  }
}
