package org.remoting.runtime.internal.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.remoting.InvalidRemoteInterfaceException;
import org.remoting.MethodName;
import org.remoting.Remote;
import org.remoting.runtime.internal.schema.Fixtures.AllTypes;
import org.remoting.runtime.internal.schema.Fixtures.Calculator;
import org.remoting.runtime.internal.schema.Fixtures.Point;

class SchemaCompilerTest {
  private final SchemaCompiler compiler = new SchemaCompiler();

  @Test
  void serviceFileMessagesAndMethods() {
    InterfaceSchema schema = compiler.compile(Calculator.class);
    assertEquals("demo.Calculator", schema.serviceName());
    FileDescriptor file = schema.file();
    assertEquals("demo/Calculator.proto", file.getName());
    assertEquals("demo", file.getPackage());
    assertEquals(FileDescriptor.Syntax.PROTO3, file.getSyntax());
    // abstract methods, inherited ones included; not default, static or Object's; by wire name
    assertEquals(List.of("add", "addLongs", "reset", "scale"),
        schema.methods().stream().map(MethodSchema::name).toList());
    MethodSchema add = schema.methods().get(0);
    assertEquals("demo.Calculator/add", add.fullMethodName());
    assertEquals("demo.CalculatorAddRequest", add.requestType().getFullName());
    assertEquals("demo.CalculatorAddResponse", add.responseType().getFullName());
    assertEquals(List.of("a", "b"),
        add.requestType().getFields().stream().map(FieldDescriptor::getName).toList());
    assertEquals("result", add.responseType().findFieldByNumber(1).getName());
    assertEquals(0, schema.methods().get(2).responseType().getFields().size(), "void: empty");
    assertEquals("demo.CalculatorAddLongsRequest", schema.methods().get(1).requestType().getFullName());
    assertSame(add, schema.method(add.method()));
  }

  @Test
  void fieldsHaveTheDocumentedShape() throws Exception {
    Descriptor scale = compiler.compile(Calculator.class).methods().get(3).requestType();
    FieldDescriptor p = scale.findFieldByNumber(1);
    assertEquals(FieldDescriptor.Type.MESSAGE, p.getType());
    assertEquals("org.remoting.runtime.internal.schema.Fixtures_Point", p.getMessageType().getFullName());
    assertEquals("org/remoting/runtime/internal/schema/Fixtures_Point.proto",
        p.getMessageType().getFile().getName());
    FieldDescriptor firstName = scale.findFieldByNumber(2);
    assertEquals("first_name", firstName.getName());
    assertTrue(firstName.hasOptionalKeyword());
    assertTrue(firstName.hasPresence());
    FieldDescriptor byName = scale.findFieldByNumber(3);
    assertTrue(byName.isMapField());
    assertEquals("ByNameEntry", byName.getMessageType().getName());
    assertTrue(byName.getMessageType().getOptions().getMapEntry());
    FieldDescriptor xs = scale.findFieldByNumber(4);
    assertTrue(xs.isRepeated() && xs.isPacked());
    FieldDescriptor color = scale.findFieldByNumber(5);
    assertEquals(List.of("FIXTURES_COLOR_RED", "FIXTURES_COLOR_GREEN", "FIXTURES_COLOR_BLUE"),
        color.getEnumType().getValues().stream().map(v -> v.getName()).toList());
    assertEquals("google.protobuf.Timestamp", scale.findFieldByNumber(6).getMessageType().getFullName());
    FieldDescriptor a = compiler.compile(Calculator.class).methods().get(0).requestType().findFieldByNumber(1);
    assertFalse(a.hasPresence(), "primitives are plain proto3 scalars");
    assertTrue(scale.getFile().getDependencies().stream().map(FileDescriptor::getName).toList()
        .containsAll(List.of("org/remoting/runtime/internal/schema/Fixtures_Point.proto",
            "org/remoting/runtime/internal/schema/Fixtures_Color.proto",
            "google/protobuf/timestamp.proto")));
  }

  @Test
  void sharedTypesHaveOneDescriptorAndCompilingIsCached() {
    InterfaceSchema calculator = compiler.compile(Calculator.class);
    InterfaceSchema all = compiler.compile(AllTypes.class);
    Descriptor fromCalculator = calculator.methods().get(3).requestType().findFieldByName("p").getMessageType();
    Descriptor fromAll = Fixtures.method(compiler, AllTypes.class, "lists").requestType()
        .findFieldByName("p").getMessageType();
    assertSame(fromCalculator, fromAll);
    assertSame(calculator.methods().get(3).requestType().findFieldByName("color").getEnumType(),
        Fixtures.method(compiler, AllTypes.class, "color").requestType().findFieldByNumber(1).getEnumType());
    assertSame(all, compiler.compile(AllTypes.class));
    assertSame(calculator, compiler.compile(Calculator.class));
    // another compiler (another server or client) has its own descriptors
    assertFalse(fromAll == new SchemaCompiler().compile(AllTypes.class).methods().get(0)
        .requestType().getFile().findMessageTypeByName("Fixtures_Point"));
  }

  @Test
  void concurrentCompilesYieldOneSchema() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      var tasks = new ArrayList<Callable<InterfaceSchema>>();
      for (int i = 0; i < 8; i++) {
        tasks.add(() -> compiler.compile(AllTypes.class));
      }
      InterfaceSchema first = null;
      for (Future<InterfaceSchema> f : pool.invokeAll(tasks)) {
        first = first == null ? f.get() : first;
        assertSame(first, f.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void defaultServiceNameIsTheCanonicalName() {
    InterfaceSchema schema = compiler.compile(Unnamed.class);
    assertEquals("org.remoting.runtime.internal.schema.SchemaCompilerTest.Unnamed", schema.serviceName());
    assertEquals("org/remoting/runtime/internal/schema/SchemaCompilerTest/Unnamed.proto", schema.file().getName());
    assertEquals("org.remoting.runtime.internal.schema.SchemaCompilerTest.UnnamedPingRequest",
        schema.methods().get(0).requestType().getFullName());
    assertEquals("http_server_url", schema.methods().get(0).requestType().findFieldByNumber(1).getName());
  }

  @Remote
  interface Unnamed {
    void ping(String httpServerURL);
  }

  // ---- errors ----

  private String error(Class<?> iface) {
    return assertThrows(InvalidRemoteInterfaceException.class, () -> compiler.compile(iface)).getMessage();
  }

  private static void assertContains(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), () -> "'" + part + "' not in: " + message);
    }
  }

  @Remote("bad.Params")
  interface BadParam {
    void put(String key, Object value);
  }

  @Test
  void unsupportedParameterNamesInterfaceMethodParameterAndType() {
    assertContains(error(BadParam.class), BadParam.class.getName(), "put(java.lang.String, java.lang.Object)",
        "parameter 'value'", "unsupported type java.lang.Object", "Supported types:", "Optional<X>");
  }

  @Remote
  interface BadReturn {
    Thread current();
  }

  @Test
  void unsupportedReturnType() {
    assertContains(error(BadReturn.class), BadReturn.class.getName(), "current()",
        "return type java.lang.Thread", "unsupported type java.lang.Thread");
  }

  record Holder(String name, Object payload) {}

  record Outer(Holder holder) {}

  @Remote
  interface BadComponent {
    void put(List<Outer> outers);
  }

  @Test
  void unsupportedTypeInsideARecordNamesThePath() {
    assertContains(error(BadComponent.class), "parameter 'outers'", "unsupported type java.lang.Object",
        "record component " + Holder.class.getName() + ".payload",
        "record component " + Outer.class.getName() + ".holder");
  }

  @Remote
  interface Nested {
    void put(List<List<String>> rows);

    void map(Map<String, Optional<String>> m);
  }

  @Remote
  interface BadKey {
    void put(Map<Point, String> m);
  }

  @Remote
  interface Raw {
    @SuppressWarnings("rawtypes")
    void put(List values);
  }

  @Remote
  interface Wildcard {
    void put(List<? extends Number> values);
  }

  @Remote
  interface Array {
    void put(int[] values);
  }

  @Remote
  interface Generic {
    <T> T echo(T value);
  }

  @Remote
  interface Other {
    void ping();
  }

  @Remote
  interface RemoteParam {
    void callMeBack(Other other);
  }

  @Test
  void rejectedTypesSayWhy() {
    assertContains(error(Nested.class), "nested collections");
    assertContains(error(BadKey.class), "a map key must be", Point.class.getName());
    assertContains(error(Raw.class), "raw types");
    assertContains(error(Wildcard.class), "wildcards");
    assertContains(error(Array.class), "int[]", "arrays other than byte[]");
    assertContains(error(Generic.class), "echo(T)", "unsupported type T", "type variables");
  }

  @Test
  void remoteInterfacesArePassedAsRemoteRefsAndListedAsReferenced() {
    SchemaCompiler compiler = new SchemaCompiler();
    MethodSchema m = compiler.compile(RemoteParam.class).methods().get(0);
    var field = m.requestType().findFieldByName("other");
    assertEquals("remoting.RemoteRef", field.getMessageType().getFullName());
    assertEquals(
        List.of("target", "object_id", "interface", "lease", "grant"),
        field.getMessageType().getFields().stream().map(f -> f.getName()).toList());
    assertEquals(List.of(Other.class), compiler.referencedInterfaces());
  }

  @Remote
  interface BadRef {
    void take(NotRemote other);
  }

  interface NotRemote {
    void ping();
  }

  @Test
  void aPlainInterfaceIsNotPassedByReference() {
    assertContains(error(BadRef.class), "parameter 'other'", NotRemote.class.getName(),
        "@Remote interfaces (passed by reference)");
  }

  @Remote
  interface Overloaded {
    void add(int a);

    void add(long a);
  }

  @Remote
  interface Disambiguated {
    void add(int a);

    @MethodName("addLong")
    void add(long a);
  }

  @Test
  void overloadsNeedMethodName() {
    assertContains(error(Overloaded.class), Overloaded.class.getName(), "add(int)", "add(long)",
        "'add'", "@org.remoting.MethodName");
    assertEquals(2, compiler.compile(Disambiguated.class).methods().size());
  }

  @Remote
  interface CaseClash {
    void add(int a);

    @MethodName("Add")
    void add(long a);
  }

  @Remote
  interface BadWireName {
    @MethodName("add-long")
    void add(long a);
  }

  @Test
  void wireNamesMustBeValidAndDistinctAsMessageNames() {
    assertContains(error(CaseClash.class), "add(int)", "add(long)", "first letter");
    assertContains(error(BadWireName.class), "'add-long'", "not a valid gRPC method name");
  }

  interface NotAnnotated {
    void ping();
  }

  @Remote("bad-name.Service")
  interface BadServiceName {
    void ping();
  }

  @Test
  void interfaceItselfMustBeValid() {
    assertContains(error(NotAnnotated.class), NotAnnotated.class.getName(), "not annotated with @org.remoting.Remote");
    assertContains(error(String.class), "java.lang.String", "is not an interface");
    assertContains(error(BadServiceName.class), "'bad-name.Service'", "not a valid protobuf full name");
  }

  record Ping(Pong pong) {}

  record Pong(Ping ping) {}

  @Remote
  interface MutuallyRecursive {
    void ball(Ping ping);
  }

  @Test
  void mutuallyRecursiveRecordsAreRejectedAndLeaveNothingHalfBuilt() {
    assertContains(error(MutuallyRecursive.class), "parameter 'ping'",
        Ping.class.getName() + " -> " + Pong.class.getName() + " -> " + Ping.class.getName(),
        "refer to each other", "only a record that refers to itself");
    // the failure left no half-built record behind: it fails the same way again
    assertContains(error(MutuallyRecursive.class), "refer to each other");
  }

  @Remote
  interface JsonClash {
    void put(int fooBar, int foo_bar);
  }

  enum Pal { X_RED }

  enum PalX { RED }

  @Remote
  interface EnumValueClash {
    void put(Pal a, PalX b);
  }

  @Test
  void protobufNameClashesAreRejected() {
    assertContains(error(JsonClash.class), "parameter fooBar", "parameter foo_bar", "clashing");
    assertContains(error(EnumValueClash.class), "SCHEMA_COMPILER_TEST_PAL_X_RED", "already used by enum " + Pal.class.getName());
  }

  @Remote("demo.Calculator")
  interface SameServiceName {
    void ping();
  }

  @Remote
  interface ProtobufEnum {
    void put(com.google.protobuf.NullValue v);
  }

  @Test
  void oneServiceNamePerCompiler() {
    compiler.compile(Calculator.class);
    assertContains(error(SameServiceName.class), "protobuf name demo.Calculator",
        "already used by service demo.Calculator of " + Calculator.class.getName());
    assertContains(error(ProtobufEnum.class), "com.google.protobuf.NullValue",
        "generated protobuf enums are not supported yet");
  }

  @Test
  void recordCodecRejectsUnsupportedRecords() {
    var e = assertThrows(IllegalArgumentException.class, () -> compiler.recordCodec(Holder.class));
    assertContains(e.getMessage(), Holder.class.getName(), "java.lang.Object");
  }

  @Test
  void failedCompilesAreNotCached() {
    String first = error(BadComponent.class);
    assertEquals(first, error(BadComponent.class));
    assertNotNull(compiler.compile(Calculator.class));
    assertNull(compiler.compile(Calculator.class).method(Object.class.getMethods()[0]));
  }
}
