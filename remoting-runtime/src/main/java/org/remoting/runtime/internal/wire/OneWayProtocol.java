package org.remoting.runtime.internal.wire;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.remoting.runtime.internal.schema.SchemaCompiler;

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

  public OneWayProtocol(SchemaCompiler compiler) {
    this.method =
        MethodDescriptor.<OneWayEnvelope, OneWayAck>newBuilder()
            .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
            .setFullMethodName(METHOD)
            .setRequestMarshaller(new CodecMarshaller<>(compiler.recordCodec(OneWayEnvelope.class)))
            .setResponseMarshaller(new CodecMarshaller<>(compiler.recordCodec(OneWayAck.class)))
            .build();
  }

  /** The stream's method, for the client and the server alike. */
  public MethodDescriptor<OneWayEnvelope, OneWayAck> method() {
    return method;
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
}
