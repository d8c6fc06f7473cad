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

  /**
   * Reads the body up to the current limit, merging into {@code previous} when not null.
   *
   * @param depth the nesting depth of this message (the top-level message is 0)
   */
  abstract Object readBody(CodedInputStream in, Object previous, int depth) throws IOException;

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
    int oldLimit = Wire.enter(in, depth + 1);
    Object value = readBody(in, previous, depth + 1);
    Wire.exit(in, oldLimit);
    return value;
  }

  @Override
  public Object defaultValue() throws InvalidProtocolBufferException {
    try {
      return readBody(CodedInputStream.newInstance(new byte[0]), null, 1);
    } catch (InvalidProtocolBufferException e) {
      throw e;
    } catch (IOException e) {
      throw new InvalidProtocolBufferException(e);
    }
  }
}
