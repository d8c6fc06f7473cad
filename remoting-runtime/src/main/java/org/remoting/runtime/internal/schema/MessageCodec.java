package org.remoting.runtime.internal.schema;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import java.io.IOException;

/**
 * Encodes and decodes one protobuf message type directly with {@link CodedOutputStream} and
 * {@link CodedInputStream}: no {@code DynamicMessage}, no reflection per call. Built once per
 * method when an interface is exported or looked up. Thread-safe and stateless.
 *
 * @param <T> the Java value: {@code Object[]} arguments for a request, the return value for a
 *     response
 */
public interface MessageCodec<T> {

  /** The exact number of bytes {@link #write} produces for {@code value}. */
  int serializedSize(T value);

  /**
   * Writes {@code value} as a protobuf message body (no length prefix).
   *
   * @throws IllegalArgumentException if the value cannot be encoded (a {@code null} element in a
   *     list, a {@code null} map key); the message names the field
   */
  void write(T value, CodedOutputStream out) throws IOException;

  /**
   * Reads a whole message body until the end of {@code in}. Unknown fields are skipped.
   *
   * @throws com.google.protobuf.InvalidProtocolBufferException if the bytes are not a valid
   *     encoding of this message (truncated, wrong wire type, unknown enum number, nesting deeper
   *     than 100); the message says what was wrong
   */
  T read(CodedInputStream in) throws IOException;
}
