package org.remoting.runtime.internal.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.remoting.runtime.internal.schema.Fixtures.decode;
import static org.remoting.runtime.internal.schema.Fixtures.encode;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.remoting.InvalidRemoteInterfaceException;
import org.remoting.OneWay;
import org.remoting.PollObject;
import org.remoting.Remote;
import org.remoting.ResultCallback;
import org.remoting.invocation.CallStyle;
import org.remoting.runtime.internal.schema.Fixtures.Point;

/** Methods declared asynchronous have the wire form of their synchronous twins. */
class AsyncDeclarationSchemaTest {

  @Remote("twin.Reports")
  interface SyncReports {
    Point report(String query);

    void touch();

    Double quote(String symbol);

    void log(String line);

    List<Point> all(int limit, String filter);

    Integer count(); // results of asynchronous methods are boxed: Integer, not int
  }

  @Remote("twin.Reports")
  interface AsyncReports {
    PollObject<Point> report(String query);

    CompletableFuture<Void> touch();

    void quote(String symbol, ResultCallback<Double> callback);

    @OneWay
    void log(String line);

    CompletionStage<List<Point>> all(int limit, String filter);

    void count(ResultCallback<? super Integer> callback);
  }

  @Test
  void theDescriptorsAreThoseOfTheSyncTwin() {
    InterfaceSchema sync = new SchemaCompiler().compile(SyncReports.class);
    InterfaceSchema async = new SchemaCompiler().compile(AsyncReports.class);
    assertEquals(sync.file().toProto(), async.file().toProto());
    assertEquals(ProtoPrinter.print(sync.file()), ProtoPrinter.print(async.file()));
  }

  @Test
  void methodSchemaTellsTheStyleAndTheWireArguments() throws Exception {
    SchemaCompiler compiler = new SchemaCompiler();
    MethodSchema quote = Fixtures.method(compiler, AsyncReports.class, "quote");
    assertEquals(CallStyle.CALLBACK, quote.callStyle());
    assertEquals(1, quote.wireParameterCount());
    assertEquals(2, quote.method().getParameterCount());
    assertEquals(Double.class, quote.declaredStyle().resultType());
    Object[] wire = {"ACME"};
    assertArrayEquals(wire, decode(quote.requestCodec(), encode(quote.requestCodec(), wire)));
    assertEquals(1.5, decode(quote.responseCodec(), encode(quote.responseCodec(), 1.5)));
    IllegalArgumentException javaArgs = assertThrows(IllegalArgumentException.class,
        () -> encode(quote.requestCodec(), new Object[] {"ACME", ResultCallback.of(r -> {}, e -> {})}));
    assertTrue(javaArgs.getMessage().contains("Expected 1 arguments, got 2"), javaArgs.getMessage());

    MethodSchema count = Fixtures.method(compiler, AsyncReports.class, "count");
    assertEquals(0, count.wireParameterCount());
    assertEquals(0, count.requestType().getFields().size());

    MethodSchema report = Fixtures.method(compiler, AsyncReports.class, "report");
    assertEquals(CallStyle.POLL_OBJECT, report.callStyle());
    assertEquals(1, report.wireParameterCount());
    assertEquals(new Point(1, 2),
        decode(report.responseCodec(), encode(report.responseCodec(), new Point(1, 2))));

    MethodSchema touch = Fixtures.method(compiler, AsyncReports.class, "touch");
    assertEquals(CallStyle.FUTURE, touch.callStyle());
    assertEquals(0, touch.responseType().getFields().size(), "Void: empty response");
    assertNull(decode(touch.responseCodec(), new byte[0]));

    assertEquals(CallStyle.ONE_WAY, Fixtures.method(compiler, AsyncReports.class, "log").callStyle());
    assertEquals(CallStyle.SYNC,
        Fixtures.method(new SchemaCompiler(), SyncReports.class, "log").callStyle());
  }

  // ---- invalid declarations: the same rules as client proxies ----

  @Remote
  interface OneWayWithResult {
    @OneWay
    int count();
  }

  @Remote
  interface WildcardPoll {
    PollObject<?> report();
  }

  @Remote
  interface CallbackNotLast {
    void quote(ResultCallback<Double> callback, String symbol);
  }

  @Remote
  interface UnsupportedResult {
    PollObject<Thread> current();
  }

  @Remote
  interface UnsupportedCallbackResult {
    void current(String name, ResultCallback<Object> callback);
  }

  @Remote
  interface SyncVoidBox {
    Void nothing();
  }

  private static String error(Class<?> iface) {
    return assertThrows(InvalidRemoteInterfaceException.class,
        () -> new SchemaCompiler().compile(iface)).getMessage();
  }

  private static void assertContains(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), () -> "'" + part + "' not in: " + message);
    }
  }

  @Test
  void invalidStylesAreRejectedWithTheInterfaceMethodAndWhatIsAccepted() {
    assertContains(error(OneWayWithResult.class), OneWayWithResult.class.getName(),
        "method count()", "@OneWay requires a void return type, not int", "Accepted:");
    assertContains(error(WildcardPoll.class), "method report()",
        "wildcard type argument in org.remoting.PollObject<?>", "Accepted:");
    assertContains(error(CallbackNotLast.class), "method quote(", "must be the last parameter");
  }

  @Test
  void unsupportedResultTypesNameWhereTheResultComesFrom() {
    assertContains(error(UnsupportedResult.class), "method current()",
        "result type java.lang.Thread of return type org.remoting.PollObject<java.lang.Thread>",
        "unsupported type java.lang.Thread", "Supported types:");
    assertContains(error(UnsupportedCallbackResult.class), "method current(java.lang.String,",
        "result type java.lang.Object of callback parameter 'callback' of type"
            + " org.remoting.ResultCallback<java.lang.Object>",
        "unsupported type java.lang.Object");
    assertContains(error(SyncVoidBox.class), "return type java.lang.Void",
        "void is allowed as a return type only");
  }
}
