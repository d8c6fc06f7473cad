package org.remoting.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.remoting.runtime.Codecs.decode;
import static org.remoting.runtime.Codecs.encode;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.typesafe.config.ConfigFactory;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.remoting.Remote;
import org.remoting.runtime.internal.schema.InterfaceSchema;
import org.remoting.runtime.internal.schema.MessageCodec;
import org.remoting.runtime.internal.schema.MethodSchema;
import org.remoting.runtime.internal.schema.SchemaCompiler;
import org.remoting.runtime.internal.wire.Headers;
import org.remoting.runtime.internal.wire.OneWayAck;
import org.remoting.runtime.internal.wire.OneWayEnvelope;
import org.remoting.runtime.internal.wire.OneWayProtocol;

/**
 * Hostile input over Netty loopback: thousands of random and mutated request bodies, unknown
 * methods, bad object ids, oversize messages and the known protobuf denial-of-service shapes,
 * sent with raw grpc-java calls. Every call must end with a status a well-behaved server gives
 * for bad input; the server must keep answering correct calls correctly, and servant state must
 * change only through valid calls.
 *
 * <p>Seeded: the seed is printed, and {@code -Dfuzz.seed=N} replays a run ({@code
 * -Dfuzz.iterations=N} changes its length). A failure names the seed, the input category and the
 * input in hex.
 */
class FuzzIntegrationTest {
  private static final long SEED = Long.getLong("fuzz.seed", System.nanoTime());
  private static final int ITERATIONS = Integer.getInteger("fuzz.iterations", 3000);
  /** Every this many inputs, a correct call checks that the server still answers right. */
  private static final int CHECK_EVERY = 25;
  /** Every this many inputs, an oversize message. */
  private static final int OVERSIZE_EVERY = 500;

  private static final int MAX_INBOUND = 1024 * 1024;
  /**
   * Within this time a known denial-of-service shape is answered. It takes milliseconds; the
   * quadratic merge this guards against took over a minute. The margin absorbs a loaded machine
   * (two runs took 3.5 s at a load average of 12 to 20 on 2 cores).
   */
  private static final long QUICK_MILLIS = 10_000;
  private static final Set<Status.Code> ALLOWED =
      EnumSet.of(
          Status.Code.OK,
          Status.Code.INVALID_ARGUMENT,
          Status.Code.NOT_FOUND,
          Status.Code.UNIMPLEMENTED,
          Status.Code.RESOURCE_EXHAUSTED);

  // ---- the target: one counter whose value only valid increment calls change

  enum Color {
    RED,
    GREEN,
    BLUE
  }

  /** Refers to itself: the shape of deeply nested length-delimited input. */
  record Node(String name, int weight, List<Node> children, Node next) {}

  record Mixed(
      boolean flag,
      short small,
      char letter,
      float ratio,
      double value,
      long big,
      Long boxed,
      String text,
      byte[] blob,
      Color color,
      List<Integer> ints,
      Set<String> tags,
      Map<String, Long> counts,
      Map<Integer, Node> nodes,
      Optional<Double> maybe,
      Instant at,
      Duration span,
      List<Duration> spans) {}

  @Remote("fuzz.Target")
  interface Target {
    /** The only state change: adds one to the counter, whatever the arguments. */
    long increment(String note, Instant at);

    long count();

    int add(int a, int b);

    Node echo(Node node);

    String describe(Mixed mixed);

    int fields(Struct struct);
  }

  static final class TargetServant implements Target {
    final AtomicLong counter = new AtomicLong();

    @Override
    public long increment(String note, Instant at) {
      return counter.incrementAndGet();
    }

    @Override
    public long count() {
      return counter.get();
    }

    @Override
    public int add(int a, int b) {
      return a + b;
    }

    @Override
    public Node echo(Node node) {
      return node;
    }

    @Override
    public String describe(Mixed m) {
      if (m == null) {
        return "null";
      }
      return m.ints().size()
          + ":"
          + m.tags().size()
          + ":"
          + m.counts().size()
          + ":"
          + m.nodes().size()
          + ":"
          + Objects.hash(m.flag(), m.small(), m.letter(), m.text(), m.color(), m.maybe(), m.at());
    }

    @Override
    public int fields(Struct struct) {
      return struct == null ? -1 : struct.getFieldsCount();
    }
  }

  private static final TargetServant servant = new TargetServant();
  private static final SchemaCompiler compiler = new SchemaCompiler();
  private static InterfaceSchema schema;
  private static MessageCodec<OneWayEnvelope> envelopes;
  private static MessageCodec<OneWayAck> acks;
  private static RemotingServer server;
  private static ManagedChannel channel;
  /** For header values grpc-java's client will not send (outside printable ASCII). */
  private static RawHttp2Client raw;
  private static final GrpcLogWatcher grpcLog = new GrpcLogWatcher();

  @BeforeAll
  static void startServer() throws IOException {
    schema = compiler.compile(Target.class);
    envelopes = compiler.recordCodec(OneWayEnvelope.class);
    acks = compiler.recordCodec(OneWayAck.class);
    server =
        RemotingServer.builder()
            .port(0)
            .config(
                ConfigFactory.parseString(
                    "remoting.server.max-inbound-message-size = "
                        + MAX_INBOUND
                        + "\nremoting.servants.\"test.Account\".passivation.store = memory"))
            .export(Target.class, TargetServant.class, () -> servant)
            .export(Account.class, AccountServant.class)
            .build()
            .start();
    channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.port())
            .usePlaintext()
            .maxInboundMessageSize(4 * MAX_INBOUND)
            .build();
    raw = new RawHttp2Client(server.port());
    grpcLog.start();
    System.out.println("fuzz: seed " + SEED + " (replay with -Dfuzz.seed=" + SEED + ")");
  }

  @AfterAll
  static void stopServer() throws Exception {
    grpcLog.stop();
    if (raw != null) {
      raw.close();
    }
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.close();
    }
  }

  // ---- the fuzz loop

  @Test
  void randomAndMutatedInputsGetOnlyExpectedStatusesAndTheServerKeepsServing() throws Exception {
    Random random = new Random(SEED);
    Fuzzer fuzzer = new Fuzzer(random);
    Map<Status.Code, Integer> byStatus = new EnumMap<>(Status.Code.class);
    Map<String, Integer> byCategory = new LinkedHashMap<>();
    long countBefore = servant.counter.get();
    long okIncrements = 0;
    int checks = 0;
    long start = System.nanoTime();
    for (int i = 1; i <= ITERATIONS; i++) {
      Input input = i % OVERSIZE_EVERY == 0 ? fuzzer.oversize() : fuzzer.next();
      byCategory.merge(input.category(), 1, Integer::sum);
      Outcome outcome;
      try {
        outcome = send(input);
      } catch (Exception | Error e) {
        throw new AssertionError(describe(i, input, "the call threw " + e), e);
      }
      byStatus.merge(outcome.code(), 1, Integer::sum);
      if (!ALLOWED.contains(outcome.code())) {
        fail(describe(i, input, "status " + outcome.code() + ": " + outcome.description()));
      }
      if (input.method().equals("fuzz.Target/increment") && outcome.code() == Status.Code.OK) {
        okIncrements++;
        long returned =
            ((Number) decode(method("increment").responseCodec(), outcome.response())).longValue();
        assertEquals(
            countBefore + okIncrements, returned, describe(i, input, "increment returned"));
      }
      if (input.expect() != null && outcome.code() != input.expect()) {
        fail(
            describe(
                i,
                input,
                "expected " + input.expect() + ", got " + outcome.code() + ": "
                    + outcome.description()));
      }
      if (i % CHECK_EVERY == 0) { // also right after each oversize message
        checkServerAnswersRight(random, countBefore + okIncrements, i, input);
        checks++;
      }
    }
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    checkServerAnswersRight(random, countBefore + okIncrements, ITERATIONS, null);
    assertEquals(
        List.of(),
        grpcLog.severe(),
        "seed " + SEED + ": grpc-java logged an exception that escaped the server");
    assertEquals(
        countBefore + okIncrements,
        servant.counter.get(),
        "seed " + SEED + ": the counter changed only through valid increment calls");
    System.out.printf(
        "fuzz: seed %d, %d inputs in %d ms, by status %s, by input %s, %d correct calls checked,"
            + " %d increments accepted, crashes %d%n",
        SEED,
        ITERATIONS,
        elapsedMillis,
        byStatus,
        byCategory,
        checks,
        okIncrements,
        grpcLog.severe().size());
  }

  /** A correct add, and the counter as the client counted it. */
  private void checkServerAnswersRight(Random random, long expectedCount, int i, Input after)
      throws Exception {
    int a = random.nextInt(1_000_000);
    int b = random.nextInt(1_000_000);
    byte[] response =
        ClientCalls.blockingUnaryCall(
            channel,
            RawBytes.unary("fuzz.Target/add"),
            CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
            encode(method("add").requestCodec(), new Object[] {a, b}));
    String context = after == null ? "at the end" : "after " + describe(i, after, "");
    assertEquals(a + b, ((Number) decode(method("add").responseCodec(), response)).intValue(),
        "seed " + SEED + ": add(" + a + ", " + b + ") " + context);
    byte[] count =
        ClientCalls.blockingUnaryCall(
            channel,
            RawBytes.unary("fuzz.Target/count"),
            CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
            new byte[0]);
    assertEquals(
        expectedCount,
        ((Number) decode(method("count").responseCodec(), count)).longValue(),
        "seed " + SEED + ": counter " + context);
  }

  private static String describe(int i, Input input, String problem) {
    return "seed "
        + SEED
        + ", input "
        + i
        + " ("
        + input.category()
        + ", "
        + input.method()
        + (input.objectId() == null ? "" : ", object id hex " + hex(input.objectId(), 64))
        + ", "
        + input.body().length
        + " bytes: "
        + hex(input.body(), 512)
        + "): "
        + problem;
  }

  private static String hex(byte[] bytes, int max) {
    String text = HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, max));
    return bytes.length > max ? text + "...(" + bytes.length + " bytes)" : text;
  }

  // ---- known denial-of-service shapes

  /**
   * The shape of CVE-2024-7254: 100,000 nested start-group tags, in unknown and known fields, in
   * a record, in a map entry, in a protobuf message (parsed by protobuf-java) and on the one-way
   * stream. Each gets INVALID_ARGUMENT quickly; no stack overflow; the server keeps serving.
   */
  @Test
  void deeplyNestedGroupsGetInvalidArgumentQuickly() throws Exception {
    int depth = 100_000;
    byte[] unknownGroups = repeat((byte) 0x1b, depth); // field 3, start group
    expectInvalidQuickly("add, unknown field 3", "add", unknownGroups, "nesting");
    expectInvalidQuickly("add, field 1 (an int)", "add", repeat((byte) 0x0b, depth), "wire type");
    // in a Node record (param field 1): its unknown field 5 as groups
    expectInvalidQuickly(
        "echo, a record's unknown field", "echo", field(1, repeat((byte) 0x2b, depth)), "nesting");
    // in a map entry of Mixed.nodes (field 14): the entry's unknown field 3
    expectInvalidQuickly(
        "describe, a map entry", "describe", field(1, field(14, unknownGroups)), "nesting");
    // google.protobuf.Struct, read by protobuf-java: its unknown field 2 as groups
    expectInvalidQuickly(
        "fields, a protobuf message", "fields", field(1, repeat((byte) 0x13, depth)), "nesting");
    // the one-way stream: an acknowledged call whose request is nested groups
    byte[] envelope =
        encode(envelopes, new OneWayEnvelope("fuzz.Target/add", null, unknownGroups, true, 1, 0));
    long start = System.nanoTime();
    Outcome outcome =
        sendOneWay(
            channel,
            new Input("groups", Via.ONE_WAY, OneWayProtocol.METHOD, null, envelope, null),
            CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS));
    assertEquals(Status.Code.OK, outcome.code(), "one-way stream: " + outcome.description());
    OneWayAck ack = decode(acks, outcome.response());
    assertEquals("INVALID_ARGUMENT", ack.code(), ack.toString());
    assertTrue(ack.description().contains("nesting"), ack.toString());
    assertQuick("one-way nested groups", start);
    expectServerStillServes();
  }

  /**
   * 100,000 nested length-delimited messages through a self-referencing record (by a plain field
   * and by a list), through a map value, and through google.protobuf.Struct and Value. Each gets
   * INVALID_ARGUMENT for nesting deeper than 100, quickly, with no stack overflow.
   */
  @Test
  void deeplyNestedMessagesGetInvalidArgumentQuickly() throws Exception {
    int depth = 100_000;
    expectInvalidQuickly("echo, Node.next", "echo", field(1, nest(depth, new byte[0], 4)), "nesting");
    expectInvalidQuickly(
        "echo, Node.children", "echo", field(1, nest(depth, new byte[0], 3)), "nesting");
    // Mixed.nodes (field 14) entry, its value (field 2) a Node nested through next
    expectInvalidQuickly(
        "describe, a map value",
        "describe",
        field(1, field(14, field(2, nest(depth, new byte[0], 4)))),
        "nesting");
    // Struct {fields: {"": Value {list_value: ListValue {values: Value {list_value: ...}}}}}
    byte[] value = nest(depth, new byte[0], 1, 6); // ListValue.values (1), Value.list_value (6)
    expectInvalidQuickly(
        "fields, Struct and Value", "fields", field(1, field(1, field(2, value))), "nesting");
    expectServerStillServes();
  }

  /**
   * A message field repeated 250,000 times (each occurrence merges into the last, as protobuf
   * requires) is decoded in linear time: this took minutes when each merge copied the value so
   * far.
   */
  @Test
  void repeatedMessageFieldsMergeQuickly() throws Exception {
    int n = 250_000; // 4 bytes each: just under the 1 MiB limit
    byte[] ints = new byte[4 * n];
    byte[] children = new byte[4 * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(new byte[] {0x0a, 0x02, 0x58, 0x01}, 0, ints, 4 * i, 4); // ints += [1]
      System.arraycopy(new byte[] {0x0a, 0x02, 0x1a, 0x00}, 0, children, 4 * i, 4); // a child
    }
    long start = System.nanoTime();
    Outcome mixed = send(new Input("merge", Via.UNARY, "fuzz.Target/describe", null, ints, null));
    assertEquals(Status.Code.OK, mixed.code(), mixed.description());
    assertTrue(
        ((String) decode(method("describe").responseCodec(), mixed.response())).startsWith(n + ":"));
    assertQuick("describe with " + n + " merged occurrences", start);

    start = System.nanoTime();
    Outcome node = send(new Input("merge", Via.UNARY, "fuzz.Target/echo", null, children, null));
    assertEquals(Status.Code.OK, node.code(), node.description());
    Node echoed = (Node) decode(method("echo").responseCodec(), node.response());
    assertEquals(n, echoed.children().size());
    assertQuick("echo with " + n + " merged occurrences", start);

    ByteArrayOutputStream structs = new ByteArrayOutputStream();
    for (int i = 0; structs.size() < MAX_INBOUND - 64; i++) { // {fields: {"<i>": {}}}
      byte[] key = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
      structs.writeBytes(field(1, field(1, concat(field(1, key), field(2, new byte[0])))));
    }
    start = System.nanoTime();
    Outcome struct =
        send(
            new Input("merge", Via.UNARY, "fuzz.Target/fields", null, structs.toByteArray(), null));
    assertEquals(Status.Code.OK, struct.code(), struct.description());
    assertQuick("a Struct field merged " + decode(method("fields").responseCodec(), struct.response())
        + " times", start);
    expectServerStillServes();
  }

  @Test
  void oversizeMessageGetsResourceExhaustedAndTheNextCallWorks() throws Exception {
    byte[] body = new byte[MAX_INBOUND + 1];
    Outcome outcome = send(new Input("oversize", Via.UNARY, "fuzz.Target/add", null, body, null));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, outcome.code(), outcome.description());
    expectServerStillServes();
  }

  private static void assertQuick(String what, long startNanos) {
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    assertTrue(millis < QUICK_MILLIS, what + " took " + millis + " ms");
  }

  private static void expectInvalidQuickly(String what, String name, byte[] body, String reason)
      throws Exception {
    long start = System.nanoTime();
    Outcome outcome = send(new Input(what, Via.UNARY, "fuzz.Target/" + name, null, body, null));
    assertEquals(Status.Code.INVALID_ARGUMENT, outcome.code(), what + ": " + outcome.description());
    assertTrue(outcome.description().contains(reason), what + ": " + outcome.description());
    assertQuick(what, start);
  }

  private static void expectServerStillServes() throws Exception {
    byte[] response =
        ClientCalls.blockingUnaryCall(
            channel,
            RawBytes.unary("fuzz.Target/add"),
            CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
            encode(method("add").requestCodec(), new Object[] {20, 22}));
    assertEquals(42, decode(method("add").responseCodec(), response));
    assertEquals(List.of(), grpcLog.severe(), "grpc-java logged an exception that escaped");
  }

  private static byte[] repeat(byte b, int times) {
    byte[] bytes = new byte[times];
    Arrays.fill(bytes, b);
    return bytes;
  }

  /** {@code body} as length-delimited field {@code number}. */
  private static byte[] field(int number, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 8);
    Fuzzer.writeVarint(out, (long) number << 3 | 2);
    Fuzzer.writeVarint(out, body.length);
    out.writeBytes(body);
    return out.toByteArray();
  }

  /**
   * {@code depth} levels of length-delimited fields around {@code innermost}, level {@code i} (from
   * the inside) being field {@code numbers[i % numbers.length]} (each below 16); built from the end
   * of one buffer, since wrapping level by level would copy quadratically.
   */
  private static byte[] nest(int depth, byte[] innermost, int... numbers) {
    byte[] buffer = new byte[innermost.length + depth * 10];
    int start = buffer.length - innermost.length;
    System.arraycopy(innermost, 0, buffer, start, innermost.length);
    byte[] prefix = new byte[10];
    for (int level = 0; level < depth; level++) {
      int length = buffer.length - start;
      int n = 0;
      prefix[n++] = (byte) (numbers[level % numbers.length] << 3 | 2);
      for (long v = length; ; v >>>= 7) {
        if ((v & ~0x7fL) == 0) {
          prefix[n++] = (byte) v;
          break;
        }
        prefix[n++] = (byte) ((v & 0x7f) | 0x80);
      }
      start -= n;
      System.arraycopy(prefix, 0, buffer, start, n);
    }
    return Arrays.copyOfRange(buffer, start, buffer.length);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  // ---- sending

  /** How an input is sent. */
  enum Via {
    /** A unary call from grpc-java's client. */
    UNARY,
    /** One envelope on the one-way stream, from grpc-java's client. */
    ONE_WAY,
    /** A unary call over {@link RawHttp2Client}, header bytes as they are. */
    RAW_HTTP2
  }

  /**
   * One input: how it is sent, the method, the object id header (raw bytes) or null, the body,
   * and the one status it must get, or null for any of {@link #ALLOWED}.
   */
  record Input(
      String category, Via via, String method, byte[] objectId, byte[] body, Status.Code expect) {}

  record Outcome(Status.Code code, String description, byte[] response) {}

  private static Outcome send(Input input) throws Exception {
    Channel target = channel;
    if (input.via() == Via.RAW_HTTP2) {
      return sendRaw(input);
    }
    if (input.objectId() != null) {
      Metadata headers = new Metadata();
      headers.put(Headers.OBJECT_ID, new String(input.objectId(), StandardCharsets.US_ASCII));
      target = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    }
    CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS);
    if (input.via() == Via.ONE_WAY) {
      return sendOneWay(target, input, options);
    }
    try {
      byte[] response =
          ClientCalls.blockingUnaryCall(target, RawBytes.unary(input.method()), options, input.body());
      return new Outcome(Status.Code.OK, null, response);
    } catch (StatusRuntimeException e) {
      return new Outcome(e.getStatus().getCode(), e.getStatus().getDescription(), null);
    }
  }

  /** Sends a unary call over the raw HTTP/2 connection, header bytes as they are. */
  private static Outcome sendRaw(Input input) throws IOException {
    int stream = raw.startCall(input.method(), Map.of("remoting-object-id", input.objectId()));
    raw.sendMessage(stream, input.body());
    RawHttp2Client.End end = raw.awaitEnd(stream, 10_000);
    if (end == null) {
      return new Outcome(Status.Code.DEADLINE_EXCEEDED, "no answer in 10 s", null);
    }
    if (end.grpcStatus() == null) {
      return new Outcome(Status.Code.INTERNAL, "no gRPC status: " + end, null);
    }
    Status.Code code = Status.fromCodeValue(Integer.parseInt(end.grpcStatus())).getCode();
    return new Outcome(code, end.grpcMessage(), end.messages().isEmpty() ? null : end.messages().get(0));
  }

  /**
   * Sends one envelope on the one-way stream and half-closes; the outcome is the stream's status
   * and its first acknowledgement, or the first acknowledgement whose code is not allowed.
   */
  private static Outcome sendOneWay(Channel target, Input input, CallOptions options)
      throws Exception {
    CompletableFuture<Status> done = new CompletableFuture<>();
    List<byte[]> received = new ArrayList<>();
    StreamObserver<byte[]> requests =
        ClientCalls.asyncBidiStreamingCall(
            target.newCall(rawStream(), options),
            new StreamObserver<byte[]>() {
              @Override
              public void onNext(byte[] value) {
                synchronized (received) {
                  received.add(value);
                }
              }

              @Override
              public void onError(Throwable t) {
                done.complete(Status.fromThrowable(t));
              }

              @Override
              public void onCompleted() {
                done.complete(Status.OK);
              }
            });
    requests.onNext(input.body());
    requests.onCompleted();
    Status status;
    try {
      status = done.get(15, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      return new Outcome(Status.Code.DEADLINE_EXCEEDED, "the one-way stream did not end", null);
    }
    synchronized (received) {
      for (byte[] bytes : received) {
        OneWayAck ack = decode(acks, bytes);
        Status.Code code = Status.Code.valueOf(ack.code());
        if (!ALLOWED.contains(code)) {
          return new Outcome(code, "acknowledgement: " + ack, null);
        }
      }
      byte[] firstAck = received.isEmpty() ? null : received.get(0);
      return new Outcome(status.getCode(), status.getDescription(), firstAck);
    }
  }

  private static MethodDescriptor<byte[], byte[]> rawStream() {
    return MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
        .setFullMethodName(OneWayProtocol.METHOD)
        .setRequestMarshaller(RawBytes.INSTANCE)
        .setResponseMarshaller(RawBytes.INSTANCE)
        .build();
  }

  private static MethodSchema method(String name) {
    for (MethodSchema m : schema.methods()) {
      if (m.name().equals(name)) {
        return m;
      }
    }
    throw new IllegalArgumentException(name);
  }

  // ---- generating inputs

  /** Makes inputs from one {@link Random}, so a seed replays a run exactly. */
  private static final class Fuzzer {
    private static final String[] METHODS = {
      "increment", "count", "add", "echo", "describe", "fields"
    };
    private final Random random;

    Fuzzer(Random random) {
      this.random = random;
    }

    Input next() {
      int dice = random.nextInt(100);
      if (dice < 8) {
        String name = pick(METHODS);
        return unary("valid", name, null, valid(name), Status.Code.OK);
      }
      if (dice < 55) {
        String name = pick(METHODS);
        return unary("mutated", name, null, mutate(valid(name)), null);
      }
      if (dice < 62) {
        String name = pick(METHODS);
        byte[] valid = valid(name);
        byte[] truncated = Arrays.copyOf(valid, random.nextInt(valid.length + 1));
        return unary("truncated", name, null, truncated, null);
      }
      if (dice < 72) {
        return unary("random bytes", pick(METHODS), null, randomBytes(), null);
      }
      if (dice < 78) {
        return new Input(
            "unknown method", Via.UNARY, unknownMethod(), null, randomBytes(), Status.Code.UNIMPLEMENTED);
      }
      if (dice < 86) {
        return badObjectId();
      }
      return oneWay();
    }

    private Input unary(
        String category, String name, byte[] objectId, byte[] body, Status.Code expect) {
      return new Input(category, Via.UNARY, "fuzz.Target/" + name, objectId, body, expect);
    }

    Input oversize() {
      byte[] body = new byte[MAX_INBOUND + 1 + random.nextInt(1024)];
      random.nextBytes(body);
      return unary("oversize", pick(METHODS), null, body, Status.Code.RESOURCE_EXHAUSTED);
    }

    /**
     * An object id that is not 1 to 256 printable ASCII characters without spaces gets
     * INVALID_ARGUMENT; a well-formed one that names no object NOT_FOUND (the passivated accounts
     * create objects for unknown ids, so OK).
     */
    private Input badObjectId() {
      byte[] id;
      Via via = Via.UNARY;
      Status.Code expect = Status.Code.INVALID_ARGUMENT;
      switch (random.nextInt(6)) {
        case 0:
          id = new byte[0];
          break;
        case 1: // longer than the 256 characters allowed
          id = ascii(257 + random.nextInt(2000));
          break;
        case 2: // bytes outside printable ASCII: grpc-java's client would drop the header
          id = ascii(1 + random.nextInt(20));
          for (int j = 0; j < id.length; j += 1 + random.nextInt(3)) {
            id[j] = (byte) (random.nextBoolean() ? 0x80 + random.nextInt(0x80) : random.nextInt(0x20));
          }
          via = Via.RAW_HTTP2;
          break;
        case 3: // a space
          id = ("acct " + random.nextInt(1000)).getBytes(StandardCharsets.US_ASCII);
          break;
        default: // well formed
          id = ("acct-" + random.nextInt(1_000_000)).getBytes(StandardCharsets.US_ASCII);
          expect = null;
      }
      if (random.nextBoolean()) {
        return new Input(
            "object id",
            via,
            "test.Account/balance",
            id,
            new byte[0],
            expect != null ? expect : Status.Code.OK);
      }
      String name = pick(METHODS);
      return new Input(
          "object id",
          via,
          "fuzz.Target/" + name,
          id,
          valid(name),
          expect != null ? expect : Status.Code.NOT_FOUND);
    }

    private Input oneWay() {
      String name = pick(new String[] {"count", "add", "echo", "describe", "fields"});
      OneWayEnvelope envelope =
          new OneWayEnvelope(
              "fuzz.Target/" + name,
              oneWayObjectId(),
              valid(name),
              random.nextBoolean(),
              random.nextLong(),
              random.nextInt(3) == 0 ? -random.nextInt(1000) : random.nextInt(5000));
      byte[] body = encode(envelopes, envelope);
      int dice = random.nextInt(10);
      if (dice == 0) {
        return new Input("one-way valid", Via.ONE_WAY, OneWayProtocol.METHOD, null, body, Status.Code.OK);
      }
      if (dice < 3) {
        return new Input(
            "one-way random", Via.ONE_WAY, OneWayProtocol.METHOD, null, randomBytes(), null);
      }
      return new Input(
          "one-way mutated", Via.ONE_WAY, OneWayProtocol.METHOD, null, mutate(body), null);
    }

    private String oneWayObjectId() {
      switch (random.nextInt(8)) {
        case 0:
          return "acct-" + random.nextInt(100);
        case 1:
          return pick(new String[] {"", "a b", "caf\u00e9", "x".repeat(300), "\u0000"});
        default:
          return null;
      }
    }

    private String unknownMethod() {
      switch (random.nextInt(6)) {
        case 0:
          return "fuzz.Target/" + pick(new String[] {"nope", "Increment", "increment2", "", "add/x"});
        case 1:
          return "fuzz.Nope/add";
        case 2:
          return "/fuzz.Target/add";
        case 3:
          return "fuzz.Target";
        case 4:
          return "remoting.OneWay/Nope";
        default:
          return new String(ascii(1 + random.nextInt(40)), StandardCharsets.US_ASCII)
              + "/"
              + new String(ascii(1 + random.nextInt(40)), StandardCharsets.US_ASCII);
      }
    }

    // ---- valid requests

    byte[] valid(String name) {
      Object[] args;
      switch (name) {
        case "increment":
          args = new Object[] {text(), instant()};
          break;
        case "count":
          args = new Object[0];
          break;
        case "add":
          args = new Object[] {random.nextInt(), random.nextInt()};
          break;
        case "echo":
          args = new Object[] {node(4)};
          break;
        case "describe":
          args = new Object[] {mixed()};
          break;
        case "fields":
          args = new Object[] {struct(3)};
          break;
        default:
          throw new IllegalArgumentException(name);
      }
      return encode(method(name).requestCodec(), args);
    }

    private Node node(int depth) {
      if (depth == 0 || random.nextInt(3) == 0) {
        return null;
      }
      List<Node> children = new ArrayList<>();
      for (int n = random.nextInt(3); n > 0; n--) {
        Node child = node(depth - 1);
        if (child != null) {
          children.add(child);
        }
      }
      return new Node(text(), random.nextInt(), children, node(depth - 1));
    }

    private Mixed mixed() {
      List<Integer> ints = new ArrayList<>();
      for (int n = random.nextInt(6); n > 0; n--) {
        ints.add(random.nextInt());
      }
      Set<String> tags = new LinkedHashSet<>();
      for (int n = random.nextInt(4); n > 0; n--) {
        tags.add(text());
      }
      Map<String, Long> counts = new LinkedHashMap<>();
      for (int n = random.nextInt(4); n > 0; n--) {
        counts.put(text(), random.nextLong());
      }
      Map<Integer, Node> nodes = new LinkedHashMap<>();
      for (int n = random.nextInt(3); n > 0; n--) {
        Node node = node(3);
        nodes.put(random.nextInt(), node == null ? new Node("leaf", 1, List.of(), null) : node);
      }
      List<Duration> spans = new ArrayList<>();
      for (int n = random.nextInt(3); n > 0; n--) {
        spans.add(Duration.ofNanos(random.nextLong()));
      }
      byte[] blob = new byte[random.nextInt(16)];
      random.nextBytes(blob);
      return new Mixed(
          random.nextBoolean(),
          (short) random.nextInt(),
          (char) random.nextInt(0xD800),
          random.nextFloat(),
          random.nextDouble(),
          random.nextLong(),
          random.nextBoolean() ? null : random.nextLong(),
          random.nextBoolean() ? null : text(),
          random.nextBoolean() ? null : blob,
          random.nextBoolean() ? null : pick(Color.values()),
          ints,
          tags,
          counts,
          nodes,
          random.nextBoolean() ? Optional.empty() : Optional.of(random.nextDouble()),
          random.nextBoolean() ? null : instant(),
          random.nextBoolean() ? null : Duration.ofMillis(random.nextInt()),
          spans);
    }

    private Struct struct(int depth) {
      Struct.Builder struct = Struct.newBuilder();
      for (int n = random.nextInt(4); n > 0; n--) {
        struct.putFields(text(), value(depth));
      }
      return struct.build();
    }

    private Value value(int depth) {
      switch (depth == 0 ? random.nextInt(3) : random.nextInt(5)) {
        case 0:
          return Value.newBuilder().setNumberValue(random.nextDouble()).build();
        case 1:
          return Value.newBuilder().setStringValue(text()).build();
        case 2:
          return Value.newBuilder().setBoolValue(random.nextBoolean()).build();
        case 3:
          return Value.newBuilder().setStructValue(struct(depth - 1)).build();
        default:
          ListValue.Builder list = ListValue.newBuilder();
          for (int n = random.nextInt(3); n > 0; n--) {
            list.addValues(value(depth - 1));
          }
          return Value.newBuilder().setListValue(list).build();
      }
    }

    private String text() {
      int length = random.nextInt(12);
      StringBuilder s = new StringBuilder(length);
      for (int j = 0; j < length; j++) {
        int kind = random.nextInt(10);
        s.appendCodePoint(
            kind < 7 ? 'a' + random.nextInt(26) : kind < 9 ? 0xA0 + random.nextInt(0x700) : 0x1F600);
      }
      return s.toString();
    }

    private Instant instant() {
      return Instant.ofEpochSecond(random.nextInt(), random.nextInt(1_000_000_000));
    }

    // ---- mutations

    byte[] mutate(byte[] valid) {
      byte[] bytes = valid;
      for (int n = 1 + random.nextInt(3); n > 0; n--) {
        bytes = mutateOnce(bytes);
      }
      return bytes;
    }

    private byte[] mutateOnce(byte[] in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + 16);
      int at = in.length == 0 ? 0 : random.nextInt(in.length);
      switch (random.nextInt(10)) {
        case 0: // flip a bit
          if (in.length == 0) {
            return randomBytes();
          }
          byte[] flipped = in.clone();
          flipped[at] ^= (byte) (1 << random.nextInt(8));
          return flipped;
        case 1: // replace a byte
          if (in.length == 0) {
            return randomBytes();
          }
          byte[] replaced = in.clone();
          replaced[at] = (byte) interestingByte();
          return replaced;
        case 2: // insert random bytes
          out.write(in, 0, at);
          byte[] inserted = new byte[1 + random.nextInt(8)];
          random.nextBytes(inserted);
          out.write(inserted, 0, inserted.length);
          out.write(in, at, in.length - at);
          return out.toByteArray();
        case 3: // delete a range
          int end = at + random.nextInt(Math.max(1, in.length - at + 1));
          out.write(in, 0, at);
          out.write(in, Math.min(end, in.length), in.length - Math.min(end, in.length));
          return out.toByteArray();
        case 4: // duplicate a range
          int length = random.nextInt(Math.max(1, in.length - at + 1));
          out.write(in, 0, Math.min(at + length, in.length));
          out.write(in, at, Math.min(length, in.length - at));
          out.write(in, Math.min(at + length, in.length), in.length - Math.min(at + length, in.length));
          return out.toByteArray();
        case 5: // truncate
          return Arrays.copyOf(in, at);
        case 6: // overwrite with a malformed or overlong varint
          out.write(in, 0, at);
          writeRaw(out, badVarint());
          int skip = Math.min(in.length, at + 1 + random.nextInt(4));
          out.write(in, skip, in.length - skip);
          return out.toByteArray();
        case 7: // a length or count: replace the byte with an interesting varint
          out.write(in, 0, at);
          writeVarint(out, interestingLength(in.length));
          int rest = Math.min(in.length, at + 1);
          out.write(in, rest, in.length - rest);
          return out.toByteArray();
        case 8: // insert a tag, with a field number and wire type that may be invalid
          out.write(in, 0, at);
          int number = pick(new int[] {0, 1, 2, 3, 4, 5, 15, 16, 19000, 536_870_911, random.nextInt(64)});
          writeVarint(out, ((long) number << 3) | random.nextInt(8));
          if (random.nextBoolean()) {
            writeVarint(out, interestingLength(in.length));
          }
          out.write(in, at, in.length - at);
          return out.toByteArray();
        default: // append a second message: fields repeat and messages merge
          out.write(in, 0, in.length);
          out.write(in, 0, in.length);
          return out.toByteArray();
      }
    }

    private int interestingByte() {
      return pick(new int[] {0x00, 0x01, 0x07, 0x08, 0x0a, 0x0b, 0x0c, 0x0f, 0x7f, 0x80, 0xff, random.nextInt(256)});
    }

    private long interestingLength(int size) {
      switch (random.nextInt(8)) {
        case 0:
          return 0;
        case 1:
          return size + 1;
        case 2:
          return 0x7fff_ffffL;
        case 3:
          return 0xffff_ffffL;
        case 4:
          return -1L; // ten bytes
        case 5:
          return Integer.MIN_VALUE & 0xffff_ffffL;
        default:
          return random.nextInt(Math.max(1, size * 2));
      }
    }

    private byte[] badVarint() {
      switch (random.nextInt(3)) {
        case 0: // never terminated
          byte[] open = new byte[1 + random.nextInt(12)];
          Arrays.fill(open, (byte) 0x80);
          return open;
        case 1: // eleven bytes: longer than any varint
          byte[] tooLong = new byte[11];
          Arrays.fill(tooLong, (byte) 0xff);
          tooLong[10] = 0x01;
          return tooLong;
        default: // overlong encoding of a small number
          return new byte[] {(byte) 0x81, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x00};
      }
    }

    byte[] randomBytes() {
      int length = random.nextInt(10) == 0 ? random.nextInt(8192) : random.nextInt(64);
      byte[] bytes = new byte[length];
      random.nextBytes(bytes);
      return bytes;
    }

    private byte[] ascii(int length) {
      byte[] bytes = new byte[length];
      for (int j = 0; j < length; j++) {
        bytes[j] = (byte) ('!' + random.nextInt(94));
      }
      return bytes;
    }

    private <T> T pick(T[] values) {
      return values[random.nextInt(values.length)];
    }

    private int pick(int[] values) {
      return values[random.nextInt(values.length)];
    }

    private static void writeRaw(ByteArrayOutputStream out, byte[] bytes) {
      out.write(bytes, 0, bytes.length);
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
      while ((value & ~0x7fL) != 0) {
        out.write((int) ((value & 0x7f) | 0x80));
        value >>>= 7;
      }
      out.write((int) value);
    }
  }

  /**
   * Collects what grpc-java logs at SEVERE (an exception that escaped a call, such as a throwing
   * marshaller) and keeps its expected warnings about hostile input off the console meanwhile.
   */
  private static final class GrpcLogWatcher extends Handler {
    private final Logger logger = Logger.getLogger("io.grpc");
    private final List<String> severe = new ArrayList<>();
    private boolean parentHandlers;

    void start() {
      parentHandlers = logger.getUseParentHandlers();
      logger.setUseParentHandlers(false);
      logger.addHandler(this);
    }

    void stop() {
      logger.removeHandler(this);
      logger.setUseParentHandlers(parentHandlers);
    }

    synchronized List<String> severe() {
      return new ArrayList<>(severe);
    }

    @Override
    public synchronized void publish(LogRecord record) {
      if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
        severe.add(record.getMessage() + ": " + record.getThrown());
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
