package org.remoting.runtime.internal.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.remoting.runtime.internal.schema.Fixtures.args;
import static org.remoting.runtime.internal.schema.Fixtures.decode;
import static org.remoting.runtime.internal.schema.Fixtures.encode;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.remoting.runtime.internal.schema.Fixtures.AllTypes;
import org.remoting.runtime.internal.schema.Fixtures.Color;
import org.remoting.runtime.internal.schema.Fixtures.Everything;
import org.remoting.runtime.internal.schema.Fixtures.Point;
import org.remoting.runtime.internal.schema.Fixtures.Tree;

/**
 * Proves that descriptors and codecs agree: protobuf-java's own parser ({@link DynamicMessage},
 * allowed in tests only) reads what our codecs write, and our codecs read what it writes.
 */
class WireCompatibilityTest {
  private final SchemaCompiler compiler = new SchemaCompiler();

  private MethodSchema method(String name) {
    return Fixtures.method(compiler, AllTypes.class, name);
  }

  private static Everything everything() {
    return new Everything(true, -1, Long.MIN_VALUE, 1.25f, -0.5, (short) -2, (byte) 3, 'é',
        false, 0, 7L, null, 2.5, null, (byte) -128, null, "str", Color.GREEN,
        Instant.parse("1969-07-20T20:17:40.123456789Z"), Duration.ofMillis(-1500),
        new Point(1, 0), new ArrayList<>(List.of("x", "")), new ArrayList<>(List.of(1L, -1L)),
        new LinkedHashSet<>(List.of(Color.BLUE, Color.RED)),
        new LinkedHashMap<>(Map.of("origin", new Point(0, 0))),
        new LinkedHashMap<>(Map.of(42, "answer")), Optional.of("m"), Optional.empty(),
        Timestamp.newBuilder().setSeconds(3).build(), StringValue.of("sv"));
  }

  private static Object get(Message m, String field) {
    FieldDescriptor f = m.getDescriptorForType().findFieldByName(field);
    if (f == null) {
      throw new AssertionError("no field " + field + " in " + m.getDescriptorForType().getFullName());
    }
    return m.getField(f);
  }

  private static boolean has(Message m, String field) {
    return m.hasField(m.getDescriptorForType().findFieldByName(field));
  }

  @Test
  void protobufReadsWhatWeWrite() throws IOException {
    MethodSchema m = method("everything");
    byte[] bytes = encode(m.requestCodec(), args(everything()));
    DynamicMessage request = DynamicMessage.parseFrom(m.requestType(), bytes);
    assertTrue(request.getUnknownFields().asMap().isEmpty(), "every field is known, with its wire type");
    DynamicMessage e = (DynamicMessage) get(request, "e");
    assertTrue(e.getUnknownFields().asMap().isEmpty());

    assertEquals(true, get(e, "z"));
    assertEquals(-1, get(e, "i"));
    assertEquals(Long.MIN_VALUE, get(e, "j"));
    assertEquals(1.25f, get(e, "f"));
    assertEquals(-2, get(e, "s"));
    assertEquals((int) 'é', get(e, "c"));
    assertTrue(has(e, "zb"), "present false box");
    assertEquals(false, get(e, "zb"));
    assertTrue(has(e, "ib"), "present zero box");
    assertFalse(has(e, "fb"), "null box is absent");
    assertEquals(-128, get(e, "bb"));
    assertEquals("str", get(e, "str"));
    assertEquals("FIXTURES_COLOR_GREEN", ((EnumValueDescriptor) get(e, "color")).getName());

    Message instant = (Message) get(e, "instant");
    assertEquals("google.protobuf.Timestamp", instant.getDescriptorForType().getFullName());
    assertEquals(-14182940L, get(instant, "seconds"));
    assertEquals(123456789, get(instant, "nanos"));
    Message duration = (Message) get(e, "duration");
    assertEquals(-1L, get(duration, "seconds"));
    assertEquals(-500_000_000, get(duration, "nanos"));

    Message point = (Message) get(e, "point");
    assertEquals(1, get(point, "x"));
    assertFalse(has(point, "y"));
    assertEquals(List.of("x", ""), get(e, "strings"));
    assertEquals(List.of(1L, -1L), get(e, "longs"));
    assertEquals(List.of("FIXTURES_COLOR_BLUE", "FIXTURES_COLOR_RED"),
        ((List<?>) get(e, "colors")).stream().map(v -> ((EnumValueDescriptor) v).getName()).toList());

    FieldDescriptor points = e.getDescriptorForType().findFieldByName("points");
    assertTrue(points.isMapField());
    Message entry = (Message) e.getRepeatedField(points, 0);
    assertEquals("origin", get(entry, "key"));
    assertEquals(0, get((Message) get(entry, "value"), "x"));
    Message name = (Message) e.getRepeatedField(e.getDescriptorForType().findFieldByName("names"), 0);
    assertEquals(42, get(name, "key"));
    assertEquals("answer", get(name, "value"));

    assertEquals("m", get(e, "maybe"));
    assertFalse(has(e, "maybe_point"));
    assertEquals(3L, get((Message) get(e, "timestamp"), "seconds"));
    assertEquals("sv", get((Message) get(e, "string_value"), "value"));

    // protobuf-java writes the same bytes back (same field order, packing and presence)
    assertArrayEquals(bytes, request.toByteArray());
  }

  @Test
  void weReadWhatProtobufWrites() throws IOException {
    MethodSchema m = method("everything");
    // protobuf-java re-encodes our bytes, and we decode its bytes to the same record
    byte[] ours = encode(m.requestCodec(), args(everything()));
    byte[] theirs = DynamicMessage.parseFrom(m.requestType(), ours).toByteArray();
    assertEquals(everything(), decode(m.requestCodec(), theirs)[0]);

    // a message built from scratch against our descriptors
    Descriptor request = method("maps").requestType();
    Descriptor entryType = request.findFieldByName("by_name").getMessageType();
    Descriptor pointType = entryType.findFieldByName("value").getMessageType();
    Message point = DynamicMessage.newBuilder(pointType)
        .setField(pointType.findFieldByName("x"), 5).build();
    Message entry = DynamicMessage.newBuilder(entryType)
        .setField(entryType.findFieldByName("key"), "five")
        .setField(entryType.findFieldByName("value"), point).build();
    Descriptor colorEntry = request.findFieldByName("colors").getMessageType();
    Message color = DynamicMessage.newBuilder(colorEntry)
        .setField(colorEntry.findFieldByName("key"), 9L)
        .setField(colorEntry.findFieldByName("value"),
            colorEntry.findFieldByName("value").getEnumType().findValueByNumber(2)).build();
    Descriptor flagEntry = request.findFieldByName("flags").getMessageType();
    Message flag = DynamicMessage.newBuilder(flagEntry) // key and value left at their defaults
        .setField(flagEntry.findFieldByName("value"), ByteString.copyFrom(new byte[] {1})).build();
    DynamicMessage dm = DynamicMessage.newBuilder(request)
        .addRepeatedField(request.findFieldByName("by_name"), entry)
        .addRepeatedField(request.findFieldByName("colors"), color)
        .addRepeatedField(request.findFieldByName("flags"), flag)
        .build();
    Object[] args = decode(method("maps").requestCodec(), dm.toByteArray());
    assertEquals(Map.of("five", new Point(5, 0)), args[0]);
    assertEquals(Map.of(), args[1]);
    assertEquals(Map.of(9L, Color.BLUE), args[2]);
    assertArrayEquals(new byte[] {1}, (byte[]) ((Map<?, ?>) args[3]).get(false));
  }

  @Test
  void protobufWritesAbsentBoxesOptionalsAndMessagesAsNull() throws IOException {
    MethodSchema boxes = method("boxes");
    Object[] args = decode(boxes.requestCodec(),
        DynamicMessage.newBuilder(boxes.requestType()).build().toByteArray());
    assertEquals(8, args.length);
    for (Object arg : args) {
      assertEquals(null, arg);
    }
    Descriptor optionals = method("optionals").requestType();
    DynamicMessage dm = DynamicMessage.newBuilder(optionals)
        .setField(optionals.findFieldByName("i"), 0).build();
    Object[] opt = decode(method("optionals").requestCodec(), dm.toByteArray());
    assertEquals(Optional.of(0), opt[1]);
    assertEquals(Optional.empty(), opt[0]);
  }

  @Test
  void unpackedRepeatedScalarsAreAccepted() throws IOException {
    MethodSchema m = method("lists");
    FieldDescriptor ints = m.requestType().findFieldByName("i");
    assertTrue(ints.isPacked());
    // field 2 (int32) written unpacked: tag (2 << 3 | 0) per element
    byte[] unpacked = {16, 1, 16, 2, 16, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1};
    assertEquals(List.of(1, 2, -1), decode(m.requestCodec(), unpacked)[1]);
    assertEquals(List.of(1, 2, -1), DynamicMessage.parseFrom(m.requestType(), unpacked).getField(ints));
  }

  @Test
  void recursiveRecordsAgree() throws IOException {
    MethodSchema m = method("tree");
    var leaf = new Tree("leaf", new ArrayList<>(), new LinkedHashMap<>(), Optional.empty());
    var root = new Tree("root", new ArrayList<>(List.of(leaf)),
        new LinkedHashMap<>(Map.of("l", leaf)), Optional.of(leaf));
    byte[] bytes = encode(m.requestCodec(), args(root));
    DynamicMessage dm = DynamicMessage.parseFrom(m.requestType(), bytes);
    Message t = (Message) get(dm, "t");
    assertEquals(t.getDescriptorForType(), ((Message) get(t, "parent")).getDescriptorForType());
    assertArrayEquals(bytes, dm.toByteArray());
  }

  @org.remoting.Remote("wire.Holder")
  interface Holder {
    void hold(Held held, List<Held> more);
  }

  @org.remoting.Remote("wire.Held")
  interface Held {
    void ping();
  }

  /** A reference is written as the value's RemoteRef and read back through the References. */
  @Test
  void remoteReferencesAreRemoteRefMessages() throws IOException {
    Held value = () -> { };
    var written = new RemoteRef("", "id-1", "wire.Held", Duration.ofSeconds(30), 300);
    var received = new ArrayList<RemoteRef>();
    References references =
        new References() {
          @Override
          public RemoteRef toRef(Object v, Class<?> type, String service) {
            assertEquals(Held.class, type);
            assertEquals("wire.Held", service);
            return written;
          }

          @Override
          public Object fromRef(RemoteRef ref, Class<?> type, String service) {
            received.add(ref);
            return value;
          }
        };
    MethodSchema m = Fixtures.method(new SchemaCompiler(references), Holder.class, "hold");
    byte[] bytes = encode(m.requestCodec(), new Object[] {value, List.of(value, value)});

    DynamicMessage request = DynamicMessage.parseFrom(m.requestType(), bytes);
    Message ref = (Message) get(request, "held");
    assertTrue(ref.getUnknownFields().asMap().isEmpty());
    assertFalse(has(ref, "target"), "empty target: the peer of the call");
    assertEquals("id-1", get(ref, "object_id"));
    assertEquals("wire.Held", get(ref, "interface"));
    assertEquals(30L, get((Message) get(ref, "lease"), "seconds"));
    assertEquals(FieldDescriptor.Type.FIXED64,
        ref.getDescriptorForType().findFieldByName("grant").getType());
    assertEquals(300L, get(ref, "grant"));
    assertEquals(2, ((List<?>) get(request, "more")).size());

    Object[] args = decode(m.requestCodec(), request.toByteArray());
    assertEquals(value, args[0]);
    assertEquals(List.of(value, value), args[1]);
    assertEquals(java.util.Collections.nCopies(6, written), received, "3 refs, decoded twice");
  }
}
