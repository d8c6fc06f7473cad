package org.remoting.runtime.internal.wire;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor.Marshaller;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;
import org.remoting.runtime.internal.schema.MessageCodec;

/**
 * A gRPC marshaller over a {@link MessageCodec}: writes lazily through {@link EncodedMessage} and
 * reads with a {@link CodedInputStream} over the whole message.
 */
public class CodecMarshaller<T> implements Marshaller<T> {
  private final MessageCodec<T> codec;

  public CodecMarshaller(MessageCodec<T> codec) {
    this.codec = codec;
  }

  /** A lazily encoded message, or the bytes of an {@link EncodedValue}. */
  @Override
  public InputStream stream(T value) {
    if (value instanceof EncodedValue) {
      return new EncodedMessage<>(((EncodedValue) value).bytes());
    }
    return new EncodedMessage<>(codec, value);
  }

  /**
   * Encodes {@code value} now, for {@link #stream} to send later.
   *
   * @throws RuntimeException what the codec throws for a value it cannot encode
   */
  public EncodedValue encode(T value) {
    try {
      byte[] bytes = new byte[codec.serializedSize(value)];
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      codec.write(value, out);
      out.checkNoSpaceLeft();
      return new EncodedValue(bytes);
    } catch (IOException e) {
      throw new IllegalStateException("encoding into an array failed: " + e, e);
    }
  }

  /**
   * Decodes a message.
   *
   * @throws io.grpc.StatusRuntimeException {@code INTERNAL} if the bytes are not a valid message
   */
  @Override
  public T parse(InputStream stream) {
    try {
      return decode(codec, stream);
    } catch (IOException | RuntimeException e) {
      throw Status.INTERNAL
          .withDescription("malformed response: " + e.getMessage())
          .withCause(e)
          .asRuntimeException();
    }
  }

  /** All bytes of a message. */
  static byte[] readAll(InputStream stream) throws IOException {
    byte[] known = readKnownLength(stream);
    return known != null ? known : stream.readAllBytes();
  }

  static <T> T decode(MessageCodec<T> codec, byte[] message) throws IOException {
    return codec.read(CodedInputStream.newInstance(message));
  }

  static <T> T decode(MessageCodec<T> codec, InputStream stream) throws IOException {
    byte[] known = readKnownLength(stream);
    return codec.read(
        known != null ? CodedInputStream.newInstance(known) : CodedInputStream.newInstance(stream));
  }

  /**
   * The whole message in one array if gRPC knows its length (it always does for a received
   * message), else null: the stream is then read as it comes.
   */
  private static byte[] readKnownLength(InputStream stream) throws IOException {
    if (!(stream instanceof KnownLength)) {
      return null;
    }
    int size = stream.available();
    byte[] buffer = stream.readNBytes(size);
    if (buffer.length != size || stream.read() != -1) {
      throw new IOException("message length does not match its frame");
    }
    return buffer;
  }
}
