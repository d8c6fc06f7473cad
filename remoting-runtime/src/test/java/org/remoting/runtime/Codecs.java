package org.remoting.runtime;

import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.remoting.runtime.internal.schema.MessageCodec;

/** Encodes and decodes with the runtime's codecs, for tests that speak raw gRPC. */
final class Codecs {
  private Codecs() {}

  static <T> byte[] encode(MessageCodec<T> codec, T value) {
    // The runtime's own encoder, which checks that serializedSize is exact.
    return new org.remoting.runtime.internal.wire.CodecMarshaller<>(codec).encode(value).bytes();
  }

  static <T> T decode(MessageCodec<T> codec, byte[] bytes) {
    try {
      return codec.read(CodedInputStream.newInstance(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
