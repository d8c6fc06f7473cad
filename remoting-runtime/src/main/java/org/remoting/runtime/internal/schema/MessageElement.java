package org.remoting.runtime.internal.schema;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;

/** A value encoded as a length-delimited message; subclasses encode the body. */
abstract class MessageElement implements Element {
  final String fullName;

  MessageElement(String fullName) {
    this.fullName = fullName;
  }

  /** The size of the body of {@code value}, without the length prefix. */
  abstract int bodySize(Object value);

  abstract void writeBody(CodedOutputStream out, Object value) throws IOException;

  /** A new, empty accumulator: the mutable state that the occurrences of a field merge into. */
  abstract Object newAccumulator();

  /**
   * Reads the body up to the current limit, merging into {@code accumulator} in place.
   *
   * @param depth the nesting depth of this message (the top-level message is 0)
   */
  abstract void readBody(CodedInputStream in, Object accumulator, int depth) throws IOException;

  @Override
  public abstract Object build(Object accumulator) throws InvalidProtocolBufferException;

  @Override
  public final Type protoType() {
    return Type.TYPE_MESSAGE;
  }

  @Override
  public final String typeName() {
    return "." + fullName;
  }

  @Override
  public final int wireType() {
    return WireFormat.WIRETYPE_LENGTH_DELIMITED;
  }

  @Override
  public final boolean isMessage() {
    return true;
  }

  @Override
  public final int size(Object value) {
    int body = bodySize(value);
    return CodedOutputStream.computeUInt32SizeNoTag(body) + body;
  }

  @Override
  public final void write(CodedOutputStream out, Object value) throws IOException {
    out.writeUInt32NoTag(bodySize(value));
    writeBody(out, value);
  }

  @Override
  public final Object read(CodedInputStream in, Object previous, int depth) throws IOException {
    Object accumulator = previous != null ? previous : newAccumulator();
    int oldLimit = Wire.enter(in, depth + 1);
    readBody(in, accumulator, depth + 1);
    Wire.exit(in, oldLimit);
    return accumulator;
  }

  @Override
  public Object defaultValue() throws InvalidProtocolBufferException {
    return build(newAccumulator());
  }
}
