package org.remoting.runtime.internal.wire;

import io.grpc.MethodDescriptor.Marshaller;
import java.io.IOException;
import java.io.InputStream;
import org.remoting.runtime.internal.schema.MessageCodec;

/**
 * The server side's request marshaller. It never throws: a request that does not decode becomes
 * a {@link MalformedRequest}, so the invoker, not gRPC, decides the status ({@code
 * INVALID_ARGUMENT}) and the message the client sees.
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

  /** Returns the decoded {@code Object[]} arguments, or a {@link MalformedRequest}. */
  @Override
  public Object parse(InputStream stream) {
    try {
      Object[] args = CodecMarshaller.decode(codec, stream);
      return args == null ? new Object[0] : args;
    } catch (IOException | RuntimeException e) {
      return new MalformedRequest(e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  /** A request body that could not be decoded, and why. */
  public record MalformedRequest(String reason) {}
}
