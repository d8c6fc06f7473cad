package org.remoting.benchmarks;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * {@code bench.Adder} written directly against grpc-java, as the baseline: hand-written method
 * descriptors whose marshallers encode and decode the protobuf messages with {@link
 * CodedOutputStream}/{@link CodedInputStream}, about what protoc-generated code does, and a
 * service definition built with {@link ServerCalls#asyncUnaryCall}. Same wire format as {@link
 * Adder} served by the framework, so either client can call either server.
 */
public final class RawGrpcAdder {
  static final String SERVICE = "bench.Adder";

  /** {@code message AddRequest { int32 a = 1; int32 b = 2; }} */
  public record AddRequest(int a, int b) {}

  /** The hand-written codec of {@code AddRequest}. */
  public static final ProtoMarshaller<AddRequest> ADD_REQUEST = new AddRequestMarshaller();

  /** The hand-written codec of {@code AddResponse}: {@code int32 result = 1}. */
  public static final ProtoMarshaller<Integer> INT32_RESULT = new Int32Marshaller();

  /** The hand-written codec of echo's request and response: {@code bytes = 1}. */
  public static final ProtoMarshaller<byte[]> BYTES = new BytesMarshaller();

  /** {@code bench.Adder/add}: AddRequest to {@code message AddResponse { int32 result = 1; }}. */
  static final MethodDescriptor<AddRequest, Integer> ADD =
      MethodDescriptor.<AddRequest, Integer>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "add"))
          .setRequestMarshaller(ADD_REQUEST)
          .setResponseMarshaller(INT32_RESULT)
          .build();

  /** {@code bench.Adder/echo}: {@code bytes payload = 1} to {@code bytes result = 1}. */
  static final MethodDescriptor<byte[], byte[]> ECHO =
      MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "echo"))
          .setRequestMarshaller(BYTES)
          .setResponseMarshaller(BYTES)
          .build();

  private RawGrpcAdder() {}

  /** The server side: what a generated {@code AdderImplBase.bindService()} would return. */
  static ServerServiceDefinition service() {
    return ServerServiceDefinition.builder(SERVICE)
        .addMethod(
            ADD,
            ServerCalls.asyncUnaryCall(
                (request, response) -> {
                  response.onNext(request.a() + request.b());
                  response.onCompleted();
                }))
        .addMethod(
            ECHO,
            ServerCalls.asyncUnaryCall(
                (request, response) -> {
                  response.onNext(request);
                  response.onCompleted();
                }))
        .build();
  }

  /**
   * A proto3 message codec. Encodes into an exact-size array, handed to gRPC as a stream that
   * knows its length and drains itself into the transport's buffer, as protoc-generated
   * marshallers' streams do (a plain {@link InputStream} costs an 8 KiB copy buffer per message);
   * decodes from the whole frame. Stateless and thread-safe.
   */
  public abstract static class ProtoMarshaller<T> implements MethodDescriptor.Marshaller<T> {
    private ProtoMarshaller() {}

    abstract int serializedSize(T value);

    abstract void write(T value, CodedOutputStream out) throws IOException;

    abstract T read(CodedInputStream in) throws IOException;

    /** The message's bytes, in an array of their exact size. */
    public final byte[] encode(T value) {
      byte[] bytes = new byte[serializedSize(value)];
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      try {
        write(value, out);
      } catch (IOException e) {
        throw new IllegalStateException("encoding into an array of the exact size failed", e);
      }
      out.checkNoSpaceLeft();
      return bytes;
    }

    /**
     * Decodes a whole message.
     *
     * @throws IOException if the bytes are not a valid encoding of the message
     */
    public final T decode(byte[] message) throws IOException {
      return read(CodedInputStream.newInstance(message));
    }

    @Override
    public final InputStream stream(T value) {
      return new DrainableBytes(encode(value));
    }

    @Override
    public final T parse(InputStream stream) {
      try {
        byte[] bytes =
            stream instanceof KnownLength
                ? stream.readNBytes(stream.available())
                : stream.readAllBytes();
        return decode(bytes);
      } catch (IOException e) {
        throw Status.INTERNAL
            .withDescription("malformed message: " + e.getMessage())
            .withCause(e)
            .asRuntimeException();
      }
    }
  }

  /**
   * Encoded message bytes that gRPC writes to its buffer directly ({@link Drainable}) and whose
   * length it reads without copying ({@link KnownLength}).
   */
  private static final class DrainableBytes extends ByteArrayInputStream
      implements Drainable, KnownLength {
    DrainableBytes(byte[] bytes) {
      super(bytes);
    }

    @Override
    public synchronized int drainTo(OutputStream target) throws IOException {
      int length = count - pos;
      target.write(buf, pos, length);
      pos = count;
      return length;
    }
  }

  private static final class AddRequestMarshaller extends ProtoMarshaller<AddRequest> {
    @Override
    int serializedSize(AddRequest value) {
      int size = 0;
      if (value.a() != 0) {
        size += CodedOutputStream.computeInt32Size(1, value.a());
      }
      if (value.b() != 0) {
        size += CodedOutputStream.computeInt32Size(2, value.b());
      }
      return size;
    }

    @Override
    void write(AddRequest value, CodedOutputStream out) throws IOException {
      if (value.a() != 0) {
        out.writeInt32(1, value.a());
      }
      if (value.b() != 0) {
        out.writeInt32(2, value.b());
      }
    }

    @Override
    AddRequest read(CodedInputStream in) throws IOException {
      int a = 0;
      int b = 0;
      while (true) {
        int tag = in.readTag();
        switch (tag) {
          case 0:
            return new AddRequest(a, b);
          case 8: // field 1, varint
            a = in.readInt32();
            break;
          case 16: // field 2, varint
            b = in.readInt32();
            break;
          default:
            if (!in.skipField(tag)) {
              return new AddRequest(a, b);
            }
        }
      }
    }
  }

  private static final class Int32Marshaller extends ProtoMarshaller<Integer> {
    @Override
    int serializedSize(Integer value) {
      return value == 0 ? 0 : CodedOutputStream.computeInt32Size(1, value);
    }

    @Override
    void write(Integer value, CodedOutputStream out) throws IOException {
      if (value != 0) {
        out.writeInt32(1, value);
      }
    }

    @Override
    Integer read(CodedInputStream in) throws IOException {
      int result = 0;
      while (true) {
        int tag = in.readTag();
        if (tag == 0) {
          return result;
        } else if (tag == 8) {
          result = in.readInt32();
        } else if (!in.skipField(tag)) {
          return result;
        }
      }
    }
  }

  private static final class BytesMarshaller extends ProtoMarshaller<byte[]> {
    @Override
    int serializedSize(byte[] value) {
      return value.length == 0 ? 0 : CodedOutputStream.computeByteArraySize(1, value);
    }

    @Override
    void write(byte[] value, CodedOutputStream out) throws IOException {
      if (value.length != 0) {
        out.writeByteArray(1, value);
      }
    }

    @Override
    byte[] read(CodedInputStream in) throws IOException {
      byte[] result = new byte[0];
      while (true) {
        int tag = in.readTag();
        if (tag == 0) {
          return result;
        } else if (tag == 10) { // field 1, length-delimited
          result = in.readByteArray();
        } else if (!in.skipField(tag)) {
          return result;
        }
      }
    }
  }
}
