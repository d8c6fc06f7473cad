package org.remoting.runtime.internal.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.remoting.runtime.internal.schema.Fixtures.args;
import static org.remoting.runtime.internal.schema.Fixtures.decode;
import static org.remoting.runtime.internal.schema.Fixtures.encode;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.remoting.runtime.internal.schema.Fixtures.AllTypes;
import org.remoting.runtime.internal.schema.Fixtures.Color;
import org.remoting.runtime.internal.schema.Fixtures.Line;
import org.remoting.runtime.internal.schema.Fixtures.Node;
import org.remoting.runtime.internal.schema.Fixtures.Point;

class MalformedInputTest {
  private final SchemaCompiler compiler = new SchemaCompiler();

  private MethodSchema method(String name) {
    return Fixtures.method(compiler, AllTypes.class, name);
  }

  private String invalid(String method, byte[] bytes) {
    return assertThrows(InvalidProtocolBufferException.class,
        () -> decode(method(method).requestCodec(), bytes)).getMessage();
  }

  /** {@code depth} nested length-delimited messages in field {@code number}, innermost first. */
  private static byte[] nest(int depth, int number, byte[] innermost) throws IOException {
    byte[] bytes = innermost;
    for (int i = 0; i < depth; i++) {
      var out = new ByteArrayOutputStream();
      CodedOutputStream cos = CodedOutputStream.newInstance(out);
      cos.writeByteArray(number, bytes);
      cos.flush();
      bytes = out.toByteArray();
    }
    return bytes;
  }

  @Test
  void truncated() {
    byte[] bytes = encode(method("line").requestCodec(),
        args(new Line(new Point(1, 2), new Point(3, 4), "label")));
    for (int cut = 1; cut < bytes.length; cut++) {
      invalid("line", Arrays.copyOf(bytes, bytes.length - cut));
    }
    invalid("text", new byte[] {10, 5, 'a'}); // a string of 5 bytes with only 1
    invalid("primitives", new byte[] {16, -1}); // a varint cut short
  }

  @Test
  void wrongWireType() {
    // field 1 of primitives is a bool (varint); here it is length-delimited
    assertTrue(invalid("primitives", new byte[] {10, 1, 0}).contains("wire type"));
    // field 1 of line is a message (length-delimited); here it is a varint
    assertTrue(invalid("line", new byte[] {8, 1}).contains("AllTypesLineRequest.l"));
    invalid("lists", new byte[] {13, 0, 0, 0, 0}); // fixed32 for a repeated string
    invalid("primitives", new byte[] {15}); // wire type 7 does not exist
    invalid("primitives", new byte[] {12}); // end-group with no group
  }

  @Test
  void unknownFieldsAreSkippedIncludingGroups() throws IOException {
    // field 9 varint, field 10 fixed64, field 11 group holding field 1, then field 2 = 5
    byte[] bytes = {72, 1, 81, 0, 0, 0, 0, 0, 0, 0, 0, 91, 8, 1, 92, 16, 5};
    assertEquals(5, decode(method("primitives").requestCodec(), bytes)[1]);
  }

  @Test
  void badEnumNumber() {
    String message = invalid("color", new byte[] {8, 7});
    assertTrue(message.contains("Unknown value 7") && message.contains("Fixtures_Color"), message);
    invalid("lists", new byte[] {50, 2, 0, 3}); // packed repeated enum with 3
    invalid("color", new byte[] {8, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1}); // -1
  }

  @Test
  void outOfRangeSmallIntegers() {
    invalid("small", new byte[] {8, -128, -128, 4}); // short 65536
    invalid("small", new byte[] {16, -128, 2}); // byte 256
    invalid("small", new byte[] {24, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1}); // char -1
  }

  @Test
  void invalidUtf8() {
    invalid("text", new byte[] {10, 2, (byte) 0xC3, (byte) 0x28});
  }

  @Test
  void recordsNestedUpToTheLimitAreRead() throws IOException {
    // the request is depth 0; nodes are depths 1..100
    byte[] bytes = nest(100, 2, new byte[0]);
    bytes[0] = 10; // the outermost is field 1 of the request, not field 2 (next) of a node
    Node n = (Node) decode(method("node").requestCodec(), bytes)[0];
    int depth = 0;
    for (; n != null; n = n.next()) {
      depth++;
    }
    assertEquals(100, depth);
  }

  @Test
  void deepNestingFailsCleanly() throws IOException {
    for (int depth : new int[] {101, 1000, 5000}) {
      byte[] bytes = nest(depth, 2, new byte[0]);
      bytes[0] = 10;
      assertTrue(invalid("node", bytes).contains("nesting"));
    }
    // the same through the list of a recursive record
    byte[] tree = nest(1000, 2, new byte[0]);
    tree[0] = 10;
    assertTrue(invalid("tree", tree).contains("nesting"));
    // and through its map: every level is an entry (field 3) whose value (field 2) is a tree
    byte[] map = new byte[0];
    for (int i = 0; i < 500; i++) {
      map = nest(1, 3, nest(1, 2, map));
    }
    map = nest(1, 1, map);
    assertTrue(invalid("tree", map).contains("nesting"));
  }

  @Test
  void deepUnknownGroupsFailCleanly() {
    byte[] bytes = new byte[20_000];
    Arrays.fill(bytes, (byte) 91); // start-group 11, forever
    assertTrue(invalid("primitives", bytes).contains("nesting"));
  }

  @Test
  void deepNestingInsideAProtobufMessageCountsTowardsTheLimit() throws IOException {
    Value v = Value.newBuilder().setStringValue("bottom").build();
    for (int i = 0; i < 60; i++) { // two levels each: Value -> ListValue -> Value
      v = Value.newBuilder().setListValue(ListValue.newBuilder().addValues(v)).build();
    }
    Struct s = Struct.newBuilder().putFields("deep", v).build();
    byte[] bytes = nest(1, 1, s.toByteArray());
    InvalidProtocolBufferException e = assertThrows(InvalidProtocolBufferException.class,
        () -> decode(method("struct").requestCodec(), bytes));
    assertTrue(e.getMessage().contains("nesting"), e.getMessage());
  }

  @Test
  void recordsThatRejectTheirValuesMakeTheInputInvalid() {
    var codec = compiler.recordCodec(Positive.class);
    assertThrows(InvalidProtocolBufferException.class,
        () -> decode(codec, ByteString.copyFrom(new byte[] {8, 0}).toByteArray()));
  }

  record Positive(int value) {
    Positive {
      if (value <= 0) {
        throw new IllegalArgumentException("not positive: " + value);
      }
    }
  }

  // ---- writing ----

  private String illegal(String method, Object... args) {
    MessageCodec<Object[]> codec = method(method).requestCodec();
    String sizing = assertThrows(IllegalArgumentException.class, () -> codec.serializedSize(args)).getMessage();
    String writing = assertThrows(IllegalArgumentException.class,
        () -> codec.write(args, CodedOutputStream.newInstance(new byte[1 << 16]))).getMessage();
    assertEquals(sizing, writing);
    return writing;
  }

  @Test
  void nullElementsAndKeysAreRejectedNamingTheField() {
    List<String> withNull = new ArrayList<>(Arrays.asList("a", null));
    assertTrue(illegal("lists", withNull, null, null, null, null, null)
        .contains("test.AllTypesListsRequest.s"));
    assertTrue(illegal("lists", null, Arrays.asList(1, null), null, null, null, null)
        .contains("test.AllTypesListsRequest.i"));
    var set = new HashSet<Color>();
    set.add(null);
    assertTrue(illegal("sets", null, set).contains("test.AllTypesSetsRequest.c"));
    Map<String, Point> nullValue = new HashMap<>();
    nullValue.put("k", null);
    assertTrue(illegal("maps", nullValue, null, null, null, null).contains("AllTypesMapsRequest.by_name"));
    Map<Integer, String> nullKey = new HashMap<>();
    nullKey.put(null, "v");
    assertTrue(illegal("maps", null, nullKey, null, null, null).contains("AllTypesMapsRequest.by_id"));
    assertTrue(illegal("everything", new Fixtures.Everything(false, 0, 0, 0, 0, (short) 0,
        (byte) 0, 'a', null, null, null, null, null, null, null, null, null, null, null, null,
        null, Arrays.asList("x", null), null, null, null, null, Optional.empty(),
        Optional.empty(), null, null)).contains("Fixtures_Everything.strings"));
  }

  @Test
  void wrongArgumentCount() {
    assertThrows(IllegalArgumentException.class,
        () -> method("line").requestCodec().serializedSize(new Object[2]));
  }
}
