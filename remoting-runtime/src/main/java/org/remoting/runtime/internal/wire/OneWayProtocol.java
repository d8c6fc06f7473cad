package org.remoting.runtime.internal.wire;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.InputStream;
import org.remoting.runtime.internal.schema.MessageCodec;
import org.remoting.runtime.internal.schema.SchemaCompiler;
import org.remoting.runtime.internal.wire.RequestMarshaller.MalformedRequest;

/**
 * The ordered one-way stream: one long-lived bidirectional gRPC call per client connection,
 * {@code remoting.OneWay/Deliver}, on which the client sends fire-and-forget and
 * sync-with-server calls as {@link OneWayEnvelope}s, and the server runs them one after another
 * in arrival order, answering acknowledged ones with a {@link OneWayAck} once accepted. One
 * stream gives the ordering guarantee (calls from a client run in the order sent) and lets gRPC
 * batch many small calls into few writes, like Ice's batched oneway. The messages are records
 * encoded by the same codec as calls.
 */
public final class OneWayProtocol {
  public static final String SERVICE = "remoting.OneWay";
  public static final String METHOD = SERVICE + "/Deliver";

  private final MethodDescriptor<OneWayEnvelope, OneWayAck> method;
  private final MethodDescriptor<Object, OneWayAck> serverMethod;

  public OneWayProtocol(SchemaCompiler compiler) {
    MessageCodec<OneWayEnvelope> envelopes = compiler.recordCodec(OneWayEnvelope.class);
    this.method =
        MethodDescriptor.<OneWayEnvelope, OneWayAck>newBuilder()
            .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
            .setFullMethodName(METHOD)
            .setRequestMarshaller(new CodecMarshaller<>(envelopes))
            .setResponseMarshaller(new CodecMarshaller<>(compiler.recordCodec(OneWayAck.class)))
            .build();
    this.serverMethod =
        method.toBuilder(new EnvelopeReader(envelopes), method.getResponseMarshaller()).build();
  }

  /** The stream's method, as the client sends on it. */
  public MethodDescriptor<OneWayEnvelope, OneWayAck> method() {
    return method;
  }

  /**
   * The stream's method as the server reads it: each request is a {@link OneWayEnvelope}, or a
   * {@link MalformedRequest} when the bytes do not decode, so the server answers {@code
   * INVALID_ARGUMENT} rather than gRPC's {@code UNKNOWN} for a marshaller that throws.
   */
  public MethodDescriptor<Object, OneWayAck> serverMethod() {
    return serverMethod;
  }

  /** The acknowledgement of an accepted call. */
  public static OneWayAck accepted(long sequence) {
    return new OneWayAck(sequence, Status.Code.OK.name(), null, null);
  }

  /** The acknowledgement of a call that failed before acceptance. */
  public static OneWayAck rejected(long sequence, Failures.Failure failure) {
    return new OneWayAck(
        sequence,
        failure.status().getCode().name(),
        failure.status().getDescription(),
        failure.trailers().get(Failures.KIND));
  }

  /** The failure an acknowledgement reports, as a unary call would have, or null if accepted. */
  public static StatusRuntimeException failureOf(OneWayAck ack) {
    Status.Code code;
    try {
      code = Status.Code.valueOf(ack.code());
    } catch (IllegalArgumentException | NullPointerException e) {
      code = Status.Code.UNKNOWN;
    }
    if (code == Status.Code.OK) {
      return null;
    }
    Metadata trailers = new Metadata();
    if (ack.kind() != null) {
      trailers.put(Failures.KIND, ack.kind());
    }
    return Status.fromCode(code).withDescription(ack.description()).asRuntimeException(trailers);
  }

  /** Reads envelopes without throwing: bytes that do not decode become a MalformedRequest. */
  private static final class EnvelopeReader implements MethodDescriptor.Marshaller<Object> {
    private final MessageCodec<OneWayEnvelope> codec;

    EnvelopeReader(MessageCodec<OneWayEnvelope> codec) {
      this.codec = codec;
    }

    @Override
    public InputStream stream(Object value) {
      return new EncodedMessage<>(codec, (OneWayEnvelope) value);
    }

    @Override
    public Object parse(InputStream stream) {
      try {
        return CodecMarshaller.decode(codec, stream);
      } catch (IOException | RuntimeException e) {
        return new MalformedRequest(
            e.getMessage() == null ? e.toString() : e.getMessage(), Failures.Kind.INVALID_REQUEST);
      }
    }
  }
}
