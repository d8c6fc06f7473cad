package org.remoting.runtime.internal.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.StringValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.remoting.MethodName;
import org.remoting.Remote;

/** Types and helpers shared by the schema tests. Package-private on purpose. */
final class Fixtures {
  private Fixtures() {}

  enum Color { RED, GREEN, BLUE }

  record Point(int x, int y) {}

  record Line(Point from, Point to, String label) {}

  /** Refers to itself through a plain field. */
  record Node(String name, Node next) {}

  /** Refers to itself through a list, and holds a map and an optional. */
  record Tree(String label, List<Tree> children, Map<String, Tree> named, Optional<Tree> parent) {}

  record Everything(
      boolean z, int i, long j, float f, double d, short s, byte b, char c,
      Boolean zb, Integer ib, Long jb, Float fb, Double db, Short sb, Byte bb, Character cb,
      String str, Color color, Instant instant, Duration duration, Point point,
      List<String> strings, List<Long> longs, Set<Color> colors, Map<String, Point> points,
      Map<Integer, String> names, Optional<String> maybe, Optional<Point> maybePoint,
      Timestamp timestamp, StringValue stringValue) {}

  @Remote("test.AllTypes")
  interface AllTypes {
    int primitives(boolean z, int i, long j, float f, double d, short s, byte b, char c);

    Integer boxes(Boolean zb, Integer ib, Long jb, Float fb, Double db, Short sb, Byte bb, Character cb);

    String text(String s, byte[] bytes);

    Color color(Color c);

    Instant time(Instant at, Duration d);

    Line line(Line l);

    Node node(Node n);

    Tree tree(Tree t);

    Everything everything(Everything e);

    List<Point> lists(List<String> s, List<Integer> i, List<Double> d, List<Point> p,
        List<byte[]> b, List<Color> c);

    Set<Color> sets(Set<String> s, Set<Color> c);

    Map<String, Point> maps(Map<String, Point> byName, Map<Integer, String> byId,
        Map<Long, Color> colors, Map<Boolean, byte[]> flags, Map<Character, Short> chars);

    Optional<Point> optionals(Optional<String> s, Optional<Integer> i, Optional<Point> p,
        Optional<Color> c, Optional<byte[]> b);

    StringValue messages(Timestamp ts, StringValue sv);

    Struct struct(Struct s);

    void nothing();

    short small(short s, byte b, char c);
  }

  /** A second interface that shares {@link Point} and {@link Color} with {@link AllTypes}. */
  @Remote("demo.Calculator")
  interface Calculator extends Base {
    int add(int a, int b);

    @MethodName("addLongs")
    long add(long a, long b);

    double scale(Point p, Optional<String> firstName, Map<String, Point> byName, List<Integer> xs,
        Color color, Instant at);

    default int twice(int a) {
      return add(a, a);
    }

    static Calculator none() {
      return null;
    }

    @Override
    String toString();
  }

  interface Base {
    void reset();
  }

  /** The schema and codecs of {@code method} of {@link AllTypes}. */
  static MethodSchema method(SchemaCompiler compiler, Class<?> iface, String name) {
    for (Method m : iface.getMethods()) {
      if (m.getName().equals(name)) {
        return compiler.compile(iface).method(m);
      }
    }
    throw new AssertionError("no method " + name);
  }

  /** Encodes with the codec and checks that {@code serializedSize} is exact. */
  static <T> byte[] encode(MessageCodec<T> codec, T value) {
    return new org.remoting.runtime.internal.wire.CodecMarshaller<>(codec).encode(value).bytes();
  }

  /** Decodes from a byte array, and from a stream (the other reader implementation). */
  static <T> T decode(MessageCodec<T> codec, byte[] bytes) throws IOException {
    T fromStream = codec.read(CodedInputStream.newInstance(new ByteArrayInputStream(bytes)));
    T fromArray = codec.read(CodedInputStream.newInstance(bytes));
    Object[] a = fromArray instanceof Object[] x ? x : new Object[] {fromArray};
    Object[] s = fromStream instanceof Object[] x ? x : new Object[] {fromStream};
    assertEquals(java.util.Arrays.asList(deep(a)), java.util.Arrays.asList(deep(s)));
    return fromArray;
  }

  /** Arrays and lists of byte arrays made comparable with equals. */
  static Object[] deep(Object[] values) {
    Object[] copy = new Object[values.length];
    for (int i = 0; i < values.length; i++) {
      Object v = values[i];
      if (v instanceof byte[] b) {
        v = List.of(java.util.Arrays.toString(b));
      } else if (v instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof byte[]) {
        v = l.stream().map(x -> java.util.Arrays.toString((byte[]) x)).toList();
      } else if (v instanceof Map<?, ?> m && !m.isEmpty() && m.values().iterator().next() instanceof byte[]) {
        var strings = new java.util.LinkedHashMap<Object, String>();
        m.forEach((k, x) -> strings.put(k, java.util.Arrays.toString((byte[]) x)));
        v = strings;
      } else if (v instanceof Optional<?> o && o.isPresent() && o.get() instanceof byte[] b) {
        v = Optional.of(java.util.Arrays.toString(b));
      }
      copy[i] = v;
    }
    return copy;
  }

  static Object[] args(Object... args) {
    return args;
  }
}
