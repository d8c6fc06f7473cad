package org.remoting.benchmarks.micro;

import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.remoting.benchmarks.Adder;
import org.remoting.benchmarks.RawGrpcAdder;
import org.remoting.benchmarks.RawGrpcAdder.AddRequest;
import org.remoting.benchmarks.Scenarios;
import org.remoting.runtime.internal.schema.InterfaceSchema;
import org.remoting.runtime.internal.schema.MessageCodec;
import org.remoting.runtime.internal.schema.MethodSchema;
import org.remoting.runtime.internal.schema.SchemaCompiler;
import org.remoting.runtime.internal.wire.CodecMarshaller;
import org.remoting.runtime.internal.wire.RequestMarshaller;

/**
 * Encoding and decoding the messages of {@code bench.Adder} with the framework's codec, next to
 * the hand-written protobuf code of the raw grpc-java baseline ({@link RawGrpcAdder}): the {@code
 * add(int,int)} request and its int response, and the 1 KiB {@code echo(byte[])} request. Each
 * pair of methods ({@code ...Framework}, {@code ...Protobuf}) does the same work on the same
 * bytes; {@link #setUp} checks that both sides encode identical bytes and decode the same values.
 *
 * <p>Framework side, as the runtime calls it: {@link CodecMarshaller#encode} (the client encodes
 * each request before sending it, the server each result), {@link RequestMarshaller#decode} (the
 * server decodes the request's bytes), and the response codec read from the whole message, which
 * is what {@link CodecMarshaller#parse} does on the client once it has the message's bytes.
 * Encoding starts from the value as the caller holds it (the proxy's boxed {@code Object[]}
 * arguments, the raw stub's {@code AddRequest}) and ends with an exact-size array; decoding
 * starts from that array. No transport, no gRPC framing.
 */
@State(Scope.Thread)
public class MarshallingBenchmark extends MicroBenchmark {
  private CodecMarshaller<Object[]> addRequests;
  private RequestMarshaller addRequestDecoder;
  private CodecMarshaller<Object> addResponses;
  private MessageCodec<Object> addResponseCodec;
  private CodecMarshaller<Object[]> echoRequests;
  private RequestMarshaller echoRequestDecoder;

  // The values to encode, and their encoded bytes to decode.
  private Object[] addArgs;
  private AddRequest addRequest;
  private Integer sum;
  private Object[] echoArgs;
  private byte[] payload;
  private byte[] addRequestBytes;
  private byte[] addResponseBytes;
  private byte[] echoRequestBytes;

  /**
   * Derives the framework's codecs of {@link Adder} and encodes the messages once.
   *
   * @throws IllegalStateException if the two codecs disagree on a message's bytes or values
   */
  @Setup
  public void setUp() throws Exception {
    InterfaceSchema schema = new SchemaCompiler().compile(Adder.class);
    MethodSchema add = schema.method(Adder.class.getMethod("add", int.class, int.class));
    MethodSchema echo = schema.method(Adder.class.getMethod("echo", byte[].class));
    addRequests = new CodecMarshaller<>(add.requestCodec());
    addRequestDecoder = new RequestMarshaller(add.requestCodec());
    addResponseCodec = add.responseCodec();
    addResponses = new CodecMarshaller<>(addResponseCodec);
    echoRequests = new CodecMarshaller<>(echo.requestCodec());
    echoRequestDecoder = new RequestMarshaller(echo.requestCodec());

    int a = 1234;
    int b = 5678;
    addArgs = new Object[] {a, b};
    addRequest = new AddRequest(a, b);
    sum = a + b;
    payload = new byte[Scenarios.PAYLOAD_BYTES];
    ThreadLocalRandom.current().nextBytes(payload);
    echoArgs = new Object[] {payload};

    addRequestBytes =
        sameBytes("add request", addRequestEncodeFramework(), addRequestEncodeProtobuf());
    addResponseBytes =
        sameBytes("add response", addResponseEncodeFramework(), addResponseEncodeProtobuf());
    echoRequestBytes =
        sameBytes("echo request", echoRequestEncodeFramework(), echoRequestEncodeProtobuf());
    sameValue("add request", addRequestDecodeFramework(), addArgs);
    sameValue("add request", addRequestDecodeProtobuf(), addRequest);
    sameValue("add response", addResponseDecodeFramework(), sum);
    sameValue("add response", addResponseDecodeProtobuf(), sum);
    sameValue("echo request", echoRequestDecodeFramework(), echoArgs);
    sameValue("echo request", echoRequestDecodeProtobuf(), payload);
  }

  @Benchmark
  public byte[] addRequestEncodeFramework() {
    return addRequests.encode(addArgs).bytes();
  }

  @Benchmark
  public byte[] addRequestEncodeProtobuf() {
    return RawGrpcAdder.ADD_REQUEST.encode(addRequest);
  }

  @Benchmark
  public Object addRequestDecodeFramework() {
    return addRequestDecoder.decode(addRequestBytes);
  }

  @Benchmark
  public AddRequest addRequestDecodeProtobuf() throws IOException {
    return RawGrpcAdder.ADD_REQUEST.decode(addRequestBytes);
  }

  @Benchmark
  public byte[] addResponseEncodeFramework() {
    return addResponses.encode(sum).bytes();
  }

  @Benchmark
  public byte[] addResponseEncodeProtobuf() {
    return RawGrpcAdder.INT32_RESULT.encode(sum);
  }

  @Benchmark
  public Object addResponseDecodeFramework() throws IOException {
    return addResponseCodec.read(CodedInputStream.newInstance(addResponseBytes));
  }

  @Benchmark
  public Integer addResponseDecodeProtobuf() throws IOException {
    return RawGrpcAdder.INT32_RESULT.decode(addResponseBytes);
  }

  @Benchmark
  public byte[] echoRequestEncodeFramework() {
    return echoRequests.encode(echoArgs).bytes();
  }

  @Benchmark
  public byte[] echoRequestEncodeProtobuf() {
    return RawGrpcAdder.BYTES.encode(payload);
  }

  @Benchmark
  public Object echoRequestDecodeFramework() {
    return echoRequestDecoder.decode(echoRequestBytes);
  }

  @Benchmark
  public byte[] echoRequestDecodeProtobuf() throws IOException {
    return RawGrpcAdder.BYTES.decode(echoRequestBytes);
  }

  private static byte[] sameBytes(String message, byte[] framework, byte[] protobuf) {
    if (!Arrays.equals(framework, protobuf)) {
      throw new IllegalStateException(
          message + ": the framework encodes " + Arrays.toString(framework)
              + ", the hand-written code " + Arrays.toString(protobuf));
    }
    return framework;
  }

  private static void sameValue(String message, Object decoded, Object expected) {
    if (!Arrays.deepEquals(new Object[] {decoded}, new Object[] {expected})) {
      throw new IllegalStateException(
          message + ": decoded " + Arrays.deepToString(new Object[] {decoded})
              + ", expected " + Arrays.deepToString(new Object[] {expected}));
    }
  }
}
