package org.remoting.runtime;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.remoting.runtime.internal.schema.MessageCodec;

/** Encodes and decodes with the runtime's codecs, for tests that speak raw gRPC. */
final class Codecs {
  private Codecs() {}

  static <T> byte[] encode(MessageCodec<T> codec, T value) {
    try {
      byte[] bytes = new byte[codec.serializedSize(value)];
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      codec.write(value, out);
      out.checkNoSpaceLeft();
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static <T> T decode(MessageCodec<T> codec, byte[] bytes) {
    try {
      return codec.read(CodedInputStream.newInstance(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
