package org.remoting.runtime.internal.wire;

import io.grpc.MethodDescriptor.Marshaller;
import java.io.IOException;
import java.io.InputStream;
import org.remoting.AccessDeniedException;
import org.remoting.runtime.internal.schema.MessageCodec;

/**
 * The server side's request marshaller. gRPC's {@link #parse} only reads the request's bytes; the
 * invoker {@linkplain #decode decodes} them when it serves the call, on the call's thread, where
 * references to leased objects can be checked against the caller. Neither throws: a request that
 * does not decode becomes a {@link MalformedRequest}, so the invoker, not gRPC, decides the status
 * ({@code INVALID_ARGUMENT}) and the message the client sees.
 */
public final class RequestMarshaller implements Marshaller<Object> {
  private final MessageCodec<Object[]> codec;

  public RequestMarshaller(MessageCodec<Object[]> codec) {
    this.codec = codec;
  }

  @Override
  public InputStream stream(Object value) {
    return new EncodedMessage<>(codec, (Object[]) value);
  }

  /** Returns the request's bytes (a {@code byte[]}), or a {@link MalformedRequest}. */
  @Override
  public Object parse(InputStream stream) {
    try {
      return CodecMarshaller.readAll(stream);
    } catch (IOException | RuntimeException e) {
      return new MalformedRequest(
          e.getMessage() == null ? e.toString() : e.getMessage(), Failures.Kind.INVALID_REQUEST);
    }
  }

  /**
   * Decodes what {@link #parse} returned: the {@code Object[]} arguments, or a {@link
   * MalformedRequest} (also when {@code parsed} is one).
   */
  public Object decode(Object parsed) {
    if (parsed instanceof MalformedRequest) {
      return parsed;
    }
    try {
      Object[] args = CodecMarshaller.decode(codec, (byte[]) parsed);
      return args == null ? new Object[0] : args;
    } catch (org.remoting.ObjectNotFoundException e) {
      return new MalformedRequest(e.getMessage(), Failures.Kind.OBJECT_NOT_FOUND);
    } catch (AccessDeniedException e) {
      return new MalformedRequest(e.getMessage(), Failures.Kind.ACCESS_DENIED);
    } catch (IOException | RuntimeException e) {
      return new MalformedRequest(
          e.getMessage() == null ? e.toString() : e.getMessage(), Failures.Kind.INVALID_REQUEST);
    }
  }

  /**
   * A request body that could not be decoded, and why: {@link Failures.Kind#INVALID_REQUEST}, or
   * {@link Failures.Kind#OBJECT_NOT_FOUND} when it refers to an object that does not exist, or
   * {@link Failures.Kind#ACCESS_DENIED} when it refers to an object bound to another client.
   */
  public record MalformedRequest(String reason, Failures.Kind kind) {
    /** The failure to answer the call with. */
    public Failures.Failure failure(Object method) {
      return kind != Failures.Kind.INVALID_REQUEST
          ? Failures.of(kind, reason)
          : Failures.of(kind, "malformed request for " + method + ": " + reason);
    }
  }
}
