package org.remoting.invocation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.remoting.InvalidRemoteInterfaceException;
import org.remoting.OneWay;
import org.remoting.PollObject;
import org.remoting.ResultCallback;

class DeclaredStyleTest {

  private static DeclaredStyle style(String name) {
    for (Method m : Calc.class.getMethods()) {
      if (m.getName().equals(name)) {
        return DeclaredStyle.of(m);
      }
    }
    throw new AssertionError(name);
  }

  private static void assertStyle(
      String name, CallStyle style, Type result, int wireParameterCount) {
    DeclaredStyle declared = style(name);
    assertEquals(style, declared.style(), name);
    assertEquals(result, declared.resultType(), name);
    assertEquals(wireParameterCount, declared.wireParameterCount(), name);
  }

  @Test
  void eachDeclarationHasItsStyleAndTheWireShapeOfItsSyncTwin() {
    assertStyle("add", CallStyle.SYNC, int.class, 2);
    assertStyle("reset", CallStyle.SYNC, void.class, 0);
    assertStyle("log", CallStyle.ONE_WAY, void.class, 1);
    assertStyle("addLater", CallStyle.POLL_OBJECT, Integer.class, 2);
    assertStyle("touch", CallStyle.POLL_OBJECT, void.class, 0);
    assertStyle("fetch", CallStyle.FUTURE, String.class, 1);
    assertStyle("stage", CallStyle.FUTURE, String.class, 1);
    assertStyle("quote", CallStyle.CALLBACK, Double.class, 1);
    assertStyle("ping", CallStyle.CALLBACK, Long.class, 0); // ResultCallback<? super Long>
    assertTrue(CallStyle.CALLBACK.isAsync() && !CallStyle.ONE_WAY.isAsync());
  }

  @Test
  void wireArgumentsLeaveOutTheCallback() {
    ResultCallback<Double> callback = ResultCallback.of(r -> {}, e -> {});
    Object[] args = {"ACME", callback};
    assertArrayEquals(new Object[] {"ACME"}, style("quote").wireArguments(args));
    assertSame(callback, style("quote").callback(args));
    assertNull(style("ping").wireArguments(new Object[] {callback}));
    Object[] plain = {1, 2};
    assertSame(plain, style("add").wireArguments(plain));
    assertThrows(IllegalStateException.class, () -> style("add").callback(plain));
  }

  // ---- invalid declarations, rejected when the proxy is created ----

  interface OneWayWithResult {
    @OneWay
    int go();
  }

  interface OneWayChecked {
    @OneWay
    void go(String s) throws IOException;
  }

  interface OneWayAsync {
    @OneWay
    CompletableFuture<Void> go();
  }

  interface OneWayCallback {
    @OneWay
    void go(ResultCallback<String> callback);
  }

  interface CallbackNotLast {
    void go(ResultCallback<String> callback, int x);
  }

  interface TwoCallbacks {
    void go(ResultCallback<String> a, ResultCallback<String> b);
  }

  interface CallbackWithResult {
    int go(ResultCallback<String> callback);
  }

  interface WildcardPoll {
    PollObject<?> go();
  }

  interface UpperBoundedFuture {
    CompletableFuture<? extends Number> go();
  }

  interface UnboundedCallback {
    void go(ResultCallback<?> callback);
  }

  @SuppressWarnings("rawtypes")
  interface RawFuture {
    CompletableFuture go();
  }

  @SuppressWarnings("rawtypes")
  interface RawCallback {
    void go(ResultCallback callback);
  }

  interface PlainFuture {
    Future<String> go();
  }

  interface StageSubtype {
    CompletableFutureSubclass go();
  }

  abstract static class CompletableFutureSubclass extends CompletableFuture<String> {}

  interface CallbackSubtype {
    void go(NamedCallback callback);
  }

  interface NamedCallback extends ResultCallback<String> {}

  interface Inherits extends OneWayWithResult {}

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(OneWayWithResult.class, "@OneWay requires a void return type, not int"),
        Arguments.of(OneWayChecked.class,
            "@OneWay methods cannot declare checked exceptions (java.io.IOException)"),
        Arguments.of(OneWayAsync.class, "@OneWay cannot be combined with the asynchronous return"
            + " type java.util.concurrent.CompletableFuture<java.lang.Void>"),
        Arguments.of(OneWayCallback.class, "@OneWay cannot be combined with a ResultCallback"),
        Arguments.of(CallbackNotLast.class, "parameter 1 of 2; it must be the last parameter"),
        Arguments.of(TwoCallbacks.class, "it has 2 ResultCallback parameters (positions 1, 2)"),
        Arguments.of(CallbackWithResult.class,
            "a method with a ResultCallback parameter must return void, not int"),
        Arguments.of(WildcardPoll.class, "wildcard type argument in org.remoting.PollObject<?>"),
        Arguments.of(UpperBoundedFuture.class, "wildcard type argument"),
        Arguments.of(UnboundedCallback.class, "wildcard type argument"),
        Arguments.of(RawFuture.class, "raw type java.util.concurrent.CompletableFuture"),
        Arguments.of(RawCallback.class, "raw type org.remoting.ResultCallback"),
        Arguments.of(PlainFuture.class, "its return type java.util.concurrent.Future is not"
            + " supported; declare exactly PollObject<T>, CompletableFuture<T> or"
            + " CompletionStage<T>"),
        Arguments.of(StageSubtype.class, "is not supported; declare exactly"),
        Arguments.of(CallbackSubtype.class, "declare it as ResultCallback<T>"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void invalidDeclarationFailsWhenTheProxyIsCreated(Class<?> type, String reason) {
    try (FakeRequestor requestor = new FakeRequestor()) {
      String message = assertThrows(InvalidRemoteInterfaceException.class,
          () -> ClientProxies.create(type, requestor, "test")).getMessage();
      assertContains(message, "Remote interface " + type.getName() + ", method go(", reason,
          "Accepted: a synchronous method;");
      assertTrue(requestor.calls.isEmpty());
    }
  }

  @Test
  void anInheritedInvalidMethodNamesTheInterfaceThatDeclaresIt() {
    try (FakeRequestor requestor = new FakeRequestor()) {
      String message = assertThrows(InvalidRemoteInterfaceException.class,
          () -> ClientProxies.create(Inherits.class, requestor, "test")).getMessage();
      assertContains(message, OneWayWithResult.class.getName() + ", method go()");
    }
  }

  @Test
  void validInterfacesNeedNoAnnotationsBeyondTheStyleOnes() {
    try (FakeRequestor requestor = new FakeRequestor()) {
      assertTrue(ClientProxies.isProxy(ClientProxies.create(Calc.class, requestor, "calc")));
      assertTrue(ClientProxies.isProxy(ClientProxies.create(Stage.class, requestor, "stage")));
    }
  }

  interface Stage {
    CompletionStage<Void> done();
  }

  static void assertContains(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), () -> "'" + part + "' not in: " + message);
    }
  }
}
