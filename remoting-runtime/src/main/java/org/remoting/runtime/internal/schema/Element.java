package org.remoting.runtime.internal.schema;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;

/**
 * How one value, never {@code null}, is encoded without its tag: a scalar, an enum or a message.
 * A field ({@link Field}) adds tags, presence and repetition. Immutable once built.
 */
interface Element {

  FieldDescriptorProto.Type protoType();

  /** The fully qualified type name with a leading dot for enums and messages, else null. */
  String typeName();

  /** The file that defines {@link #typeName()}, or null for scalars. */
  FileDescriptor file();

  int wireType();

  /** Whether a repeated field of this element is packed. */
  default boolean packable() {
    return wireType() != WireFormat.WIRETYPE_LENGTH_DELIMITED;
  }

  boolean isMessage();

  /** The encoded size of {@code value}, including the length prefix of a message. */
  int size(Object value);

  void write(CodedOutputStream out, Object value) throws IOException;

  /**
   * Reads one value. A message merges into {@code previous} when that is not null (proto3: a
   * repeated occurrence of a message field merges); scalars ignore it.
   *
   * @param depth the nesting depth of the message that holds this value
   */
  Object read(CodedInputStream in, Object previous, int depth) throws IOException;

  /** The value of an absent scalar, or of a message decoded from no bytes. */
  Object defaultValue() throws InvalidProtocolBufferException;

  /** Whether a field with implicit presence (proto3 scalar) leaves {@code value} off the wire. */
  default boolean isDefault(Object value) {
    return false;
  }
}
