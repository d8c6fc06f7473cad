package org.remoting.runtime.internal.wire;

import com.google.protobuf.CodedOutputStream;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.remoting.runtime.internal.schema.MessageCodec;

/**
 * A message for gRPC to send: gRPC asks its length ({@link KnownLength}) and then drains it
 * straight into the transport buffer ({@link Drainable}), so a value is encoded once, with no
 * intermediate byte array. Reading it as a plain stream encodes it into a byte array first. Like
 * grpc-java's {@code ProtoInputStream}. Also wraps bytes encoded in advance. Not thread-safe
 * (gRPC uses it from one thread).
 */
final class EncodedMessage<T> extends InputStream implements Drainable, KnownLength {
  private final MessageCodec<T> codec;
  private T value;
  private boolean drained;
  private int size;
  private ByteArrayInputStream bytes;

  /**
   * A message to encode when gRPC drains it. Its size is taken now, on the caller's thread, so a
   * value that cannot be encoded fails here, where the caller sees the exception.
   *
   * @throws RuntimeException what the codec throws for a value it cannot encode
   */
  EncodedMessage(MessageCodec<T> codec, T value) {
    this.codec = codec;
    this.value = value;
    this.size = codec.serializedSize(value);
  }

  /** A message encoded already. */
  EncodedMessage(byte[] encoded) {
    this.codec = null;
    this.bytes = new ByteArrayInputStream(encoded);
    this.drained = true;
  }

  private int size() {
    if (size < 0) {
      size = codec.serializedSize(value);
    }
    return size;
  }

  @Override
  public int drainTo(OutputStream target) throws IOException {
    if (bytes != null) {
      return (int) bytes.transferTo(target);
    }
    if (drained) {
      return 0;
    }
    int length = size();
    CodedOutputStream out =
        CodedOutputStream.newInstance(
            target, Math.max(1, Math.min(length, CodedOutputStream.DEFAULT_BUFFER_SIZE)));
    codec.write(value, out);
    out.flush();
    release();
    // The bytes actually written: if the value changed since its size was taken, gRPC sees the
    // mismatch with the announced length and fails the call instead of sending a corrupt frame.
    return out.getTotalBytesWritten();
  }

  @Override
  public int available() {
    if (bytes != null) {
      return bytes.available();
    }
    return drained ? 0 : size();
  }

  @Override
  public int read() throws IOException {
    return materialize().read();
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    return materialize().read(b, off, len);
  }

  private InputStream materialize() throws IOException {
    if (bytes == null) {
      if (drained) {
        return InputStream.nullInputStream();
      }
      byte[] buffer = new byte[size()];
      CodedOutputStream out = CodedOutputStream.newInstance(buffer);
      codec.write(value, out);
      out.checkNoSpaceLeft();
      release();
      bytes = new ByteArrayInputStream(buffer);
    }
    return bytes;
  }

  private void release() {
    drained = true;
    value = null;
  }
}
