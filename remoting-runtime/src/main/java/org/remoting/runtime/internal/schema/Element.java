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
   * Reads one occurrence into an <em>accumulator</em> and returns it; {@link #build} turns the
   * accumulator into the value. A scalar's accumulator is its value: a later occurrence replaces
   * it, and {@code previous} is ignored. A message's accumulator is a mutable builder: a later
   * occurrence of the field merges into it in place (proto3 merges repeated occurrences of a
   * message field), so decoding stays linear in the input however often a field repeats.
   *
   * @param previous the accumulator of the field's earlier occurrences, or null
   * @param depth the nesting depth of the message that holds this value
   */
  Object read(CodedInputStream in, Object previous, int depth) throws IOException;

  /**
   * The value of an accumulator that {@link #read} returned; called once per accumulator.
   *
   * @throws InvalidProtocolBufferException if the merged value is invalid (a record's
   *     constructor rejects it, a timestamp is out of range)
   */
  default Object build(Object accumulator) throws InvalidProtocolBufferException {
    return accumulator;
  }

  /** The value of an absent scalar, or of a message decoded from no bytes. */
  Object defaultValue() throws InvalidProtocolBufferException;

  /** Whether a field with implicit presence (proto3 scalar) leaves {@code value} off the wire. */
  default boolean isDefault(Object value) {
    return false;
  }
}
