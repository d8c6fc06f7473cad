package org.remoting.runtime.internal.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.remoting.runtime.internal.schema.Fixtures.args;
import static org.remoting.runtime.internal.schema.Fixtures.decode;
import static org.remoting.runtime.internal.schema.Fixtures.deep;
import static org.remoting.runtime.internal.schema.Fixtures.encode;

import com.google.protobuf.ListValue;
import com.google.protobuf.StringValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.remoting.runtime.internal.schema.Fixtures.AllTypes;
import org.remoting.runtime.internal.schema.Fixtures.Color;
import org.remoting.runtime.internal.schema.Fixtures.Everything;
import org.remoting.runtime.internal.schema.Fixtures.Line;
import org.remoting.runtime.internal.schema.Fixtures.Node;
import org.remoting.runtime.internal.schema.Fixtures.Point;
import org.remoting.runtime.internal.schema.Fixtures.Tree;

class CodecRoundTripTest {
  private final SchemaCompiler compiler = new SchemaCompiler();

  private MethodSchema method(String name) {
    return Fixtures.method(compiler, AllTypes.class, name);
  }

  /** Round-trips the arguments and the result of {@code name}; returns the decoded arguments. */
  private Object[] roundTrip(String name, Object[] args, Object result) throws IOException {
    MethodSchema m = method(name);
    Object[] decoded = decode(m.requestCodec(), encode(m.requestCodec(), args));
    assertEquals(Arrays.asList(deep(args)), Arrays.asList(deep(decoded)), name + " arguments");
    Object back = decode(m.responseCodec(), encode(m.responseCodec(), result));
    assertEquals(Arrays.asList(deep(args(result))), Arrays.asList(deep(args(back))), name + " result");
    return decoded;
  }

  @Test
  void primitives() throws IOException {
    roundTrip("primitives", args(true, 42, -7L, 1.5f, -2.25, (short) -300, (byte) 7, 'é'), -1);
    roundTrip("primitives", args(false, Integer.MIN_VALUE, Long.MAX_VALUE, Float.NaN,
        Double.NEGATIVE_INFINITY, Short.MIN_VALUE, Byte.MIN_VALUE, Character.MAX_VALUE), Integer.MAX_VALUE);
  }

  @Test
  void primitiveDefaultsAreNotWrittenAndReadBackWithTheirOwnBoxType() throws IOException {
    MethodSchema m = method("primitives");
    Object[] zeros = args(false, 0, 0L, 0f, 0d, (short) 0, (byte) 0, (char) 0);
    assertEquals(0, encode(m.requestCodec(), zeros).length);
    Object[] decoded = decode(m.requestCodec(), new byte[0]);
    assertArrayEquals(zeros, decoded);
    assertInstanceOf(Short.class, decoded[5]);
    assertInstanceOf(Character.class, decoded[7]);
    // -0.0 differs from the proto3 default and is written
    assertEquals(-0.0, (double) decode(m.requestCodec(),
        encode(m.requestCodec(), args(false, 0, 0L, -0f, -0d, (short) 0, (byte) 0, (char) 0)))[4]);
  }

  @Test
  void boxesKeepNullAndZeroApart() throws IOException {
    roundTrip("boxes", args(true, 1, 2L, 3f, 4d, (short) 5, (byte) 6, 'x'), 9);
    roundTrip("boxes", args(null, null, null, null, null, null, null, null), null);
    MethodSchema m = method("boxes");
    Object[] zeros = args(false, 0, 0L, 0f, 0d, (short) 0, (byte) 0, (char) 0);
    assertTrue(encode(m.requestCodec(), zeros).length > 0, "present zeros are written");
    roundTrip("boxes", zeros, 0);
  }

  @Test
  void stringsAndBytes() throws IOException {
    roundTrip("text", args("héllo wörld ✓ 😀", new byte[] {0, -1, 127}), "");
    roundTrip("text", args("", new byte[0]), null);
    roundTrip("text", args(null, null), "x".repeat(100_000));
  }

  @Test
  void enums() throws IOException {
    for (Color c : Color.values()) {
      roundTrip("color", args(c), c);
    }
    roundTrip("color", args((Object) null), null);
  }

  @Test
  void instantAndDuration() throws IOException {
    roundTrip("time", args(Instant.parse("2024-02-29T12:34:56.789012345Z"), Duration.ofMillis(1500)),
        Instant.EPOCH);
    roundTrip("time", args(Instant.parse("1969-12-31T23:59:59.5Z"), Duration.ofMillis(-1500)),
        Instant.ofEpochSecond(-62135596800L));
    roundTrip("time", args(Instant.MAX, Duration.ofSeconds(Long.MIN_VALUE)), Instant.MIN);
    roundTrip("time", args(null, Duration.ZERO), null);
  }

  @Test
  void nestedRecords() throws IOException {
    roundTrip("line", args(new Line(new Point(1, -2), new Point(0, 0), "diagonal")),
        new Line(null, new Point(3, 4), null));
    roundTrip("line", args((Object) null), new Line(null, null, null));
  }

  @Test
  void recursiveRecords() throws IOException {
    Node list = null;
    for (int i = 0; i < 50; i++) {
      list = new Node("n" + i, list);
    }
    roundTrip("node", args(list), new Node("single", null));

    var leaf = new Tree("leaf", new ArrayList<>(), new LinkedHashMap<>(), Optional.empty());
    var mid = new Tree("mid", new ArrayList<>(List.of(leaf, leaf)),
        new LinkedHashMap<>(Map.of("l", leaf)), Optional.of(leaf));
    roundTrip("tree", args(new Tree("root", new ArrayList<>(List.of(mid)), new LinkedHashMap<>(),
        Optional.of(mid))), leaf);
  }

  @Test
  void everythingInOneRecord() throws IOException {
    var e = new Everything(true, 1, 2L, 3f, 4d, (short) 5, (byte) 6, 'c', false, 0, null, 0.5f,
        null, (short) -1, null, 'z', "s", Color.BLUE, Instant.ofEpochSecond(10, 5),
        Duration.ofNanos(-1), new Point(7, 8), new ArrayList<>(List.of("a", "", "c")),
        new ArrayList<>(List.of(1L, -1L, Long.MIN_VALUE)),
        new LinkedHashSet<>(List.of(Color.GREEN, Color.RED)),
        new LinkedHashMap<>(Map.of("p", new Point(0, 0))), new LinkedHashMap<>(Map.of(-5, "minus")),
        Optional.of(""), Optional.empty(),
        Timestamp.newBuilder().setSeconds(99).setNanos(1).build(), StringValue.of("wrapped"));
    roundTrip("everything", args(e), e);
  }

  @Test
  void listsAndSets() throws IOException {
    Object[] decoded = roundTrip("lists", args(
        List.of("a", "b", ""), List.of(1, -1, 0, Integer.MAX_VALUE), List.of(0.5, -0.0),
        List.of(new Point(1, 2), new Point(0, 0)), List.of(new byte[] {1}, new byte[0]),
        List.of(Color.RED, Color.BLUE, Color.RED)), List.of(new Point(9, 9)));
    assertInstanceOf(ArrayList.class, decoded[0]);
    roundTrip("sets", args(Set.of("x"), new LinkedHashSet<>(List.of(Color.BLUE, Color.RED))),
        Set.of(Color.GREEN));
  }

  @Test
  @SuppressWarnings("unchecked")
  void nullCollectionsAreWrittenAsEmptyAndDecodedAsMutableEmptyOnes() throws IOException {
    MethodSchema m = method("lists");
    Object[] decoded = decode(m.requestCodec(),
        encode(m.requestCodec(), args(null, null, null, null, null, null)));
    for (Object v : decoded) {
      assertEquals(new ArrayList<>(), v);
      ((List<Object>) v).add("mutable");
    }
    Object[] sets = decode(method("sets").requestCodec(), new byte[0]);
    assertInstanceOf(LinkedHashSet.class, sets[0]);
    Object[] maps = decode(method("maps").requestCodec(), new byte[0]);
    assertInstanceOf(LinkedHashMap.class, maps[0]);
    assertEquals(new ArrayList<>(), decode(m.responseCodec(), encode(m.responseCodec(), null)),
        "a null list result decodes as an empty list, not null");
  }

  @Test
  void maps() throws IOException {
    var flags = new HashMap<Boolean, byte[]>();
    flags.put(true, new byte[] {1, 2});
    flags.put(false, new byte[0]);
    var ids = new LinkedHashMap<Integer, String>();
    ids.put(0, "");
    ids.put(-1, "minus one");
    roundTrip("maps", args(Map.of("a", new Point(1, 1), "", new Point(0, 0)), ids,
        Map.of(Long.MAX_VALUE, Color.GREEN, 0L, Color.RED), flags,
        Map.of('a', (short) 1, '\0', (short) -1)), Map.of("r", new Point(2, 2)));
  }

  @Test
  void optionals() throws IOException {
    roundTrip("optionals", args(Optional.of("x"), Optional.of(0), Optional.of(new Point(0, 0)),
        Optional.of(Color.RED), Optional.of(new byte[] {5})), Optional.of(new Point(1, 0)));
    roundTrip("optionals", args(Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty()), Optional.empty());
    MethodSchema m = method("optionals");
    Object[] decoded = decode(m.requestCodec(),
        encode(m.requestCodec(), args(null, null, null, null, null)));
    assertEquals(List.of(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty()), Arrays.asList(decoded));
  }

  @Test
  void protobufMessages() throws IOException {
    roundTrip("messages", args(Timestamp.newBuilder().setSeconds(-5).setNanos(7).build(),
        StringValue.of("v")), StringValue.getDefaultInstance());
    roundTrip("messages", args(null, StringValue.getDefaultInstance()), null);
    Struct s = Struct.newBuilder()
        .putFields("list", Value.newBuilder().setListValue(ListValue.newBuilder()
            .addValues(Value.newBuilder().setNumberValue(1)).addValues(Value.newBuilder()
                .setStringValue("two"))).build())
        .build();
    roundTrip("struct", args(s), s);
  }

  @Test
  void noArguments() throws IOException {
    MethodSchema m = method("nothing");
    assertEquals(0, m.requestCodec().serializedSize(null));
    assertEquals(0, encode(m.requestCodec(), new Object[0]).length);
    assertArrayEquals(new Object[0], decode(m.requestCodec(), new byte[0]));
    assertEquals(0, m.responseCodec().serializedSize(null));
    assertNull(decode(m.responseCodec(), new byte[] {8, 1})); // unknown fields are skipped
  }

  @Test
  void laterScalarOverridesAndLaterMessageMerges() throws IOException {
    MethodSchema m = method("line");
    byte[] first = encode(m.requestCodec(), args(new Line(new Point(1, 2), null, "first")));
    byte[] second = encode(m.requestCodec(), args(new Line(new Point(0, 5), new Point(3, 3), "second")));
    byte[] both = new byte[first.length + second.length];
    System.arraycopy(first, 0, both, 0, first.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    // x = 0 is not on the wire in the second point, so the first point's x survives the merge
    assertEquals(new Line(new Point(1, 5), new Point(3, 3), "second"),
        decode(m.requestCodec(), both)[0]);

    MethodSchema lists = method("lists");
    byte[] a = encode(lists.requestCodec(), args(List.of("a"), List.of(1), null, null, null, null));
    byte[] b = encode(lists.requestCodec(), args(List.of("b"), List.of(2), null, null, null, null));
    byte[] ab = new byte[a.length + b.length];
    System.arraycopy(a, 0, ab, 0, a.length);
    System.arraycopy(b, 0, ab, a.length, b.length);
    Object[] decoded = decode(lists.requestCodec(), ab);
    assertEquals(List.of("a", "b"), decoded[0]);
    assertEquals(List.of(1, 2), decoded[1]);
  }

  /**
   * Each occurrence of a message field merges into one builder in place: a hostile request that
   * repeats a message field many times costs time linear in its size, not quadratic (a copy of
   * everything merged so far per occurrence would take minutes here).
   */
  @Test
  void manyOccurrencesOfAMessageFieldMergeInLinearTime() {
    int n = 200_000;
    byte[] trees = new byte[4 * n];
    for (int i = 0; i < n; i++) { // field 1 (the tree) = {children: [{}]}
      System.arraycopy(new byte[] {0x0a, 0x02, 0x12, 0x00}, 0, trees, 4 * i, 4);
    }
    Tree tree =
        (Tree)
            assertTimeout(
                Duration.ofSeconds(5), () -> decode(method("tree").requestCodec(), trees)[0]);
    assertEquals(n, tree.children().size());

    var structs = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < n / 4; i++) { // field 1 (the struct) = {fields: {"<i>": {}}}
      byte[] entry = Struct.newBuilder().putFields(Integer.toString(i), Value.getDefaultInstance())
          .build().toByteArray();
      structs.write(0x0a);
      structs.write(entry.length);
      structs.writeBytes(entry);
    }
    Struct struct =
        (Struct)
            assertTimeout(
                Duration.ofSeconds(5),
                () -> decode(method("struct").requestCodec(), structs.toByteArray())[0]);
    assertEquals(n / 4, struct.getFieldsCount());
  }

  @Test
  void aTimestampIsCheckedOnceItsOccurrencesAreMerged() throws IOException {
    // {at: {nanos: -1}} alone is out of range; a later {at: {nanos: 5}} overrides it
    byte[] bytes = {0x0a, 0x0b, 0x10, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0x01, 0x0a, 0x02, 0x10, 0x05};
    assertEquals(Instant.ofEpochSecond(0, 5), decode(method("time").requestCodec(), bytes)[0]);
  }

  record Empty() {}

  @Test
  void emptyRecord() throws IOException {
    MessageCodec<Empty> codec = compiler.recordCodec(Empty.class);
    assertEquals(0, encode(codec, new Empty()).length);
    assertEquals(new Empty(), decode(codec, new byte[] {8, 1}));
  }

  @Test
  void recordCodecEncodesARecordAsATopLevelMessage() throws IOException {
    MessageCodec<Line> codec = compiler.recordCodec(Line.class);
    var line = new Line(new Point(1, 2), null, "l");
    assertEquals(line, decode(codec, encode(codec, line)));
    // the same bytes as the record inside a request, without the field tag and length
    byte[] request = encode(method("line").requestCodec(), args(line));
    assertArrayEquals(Arrays.copyOfRange(request, 2, request.length), encode(codec, line));
  }
}
