package org.remoting.runtime.internal.schema;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;

/** A Java enum as a proto enum whose value numbers are the ordinals. */
final class EnumElement implements Element {
  private final Class<?> type;
  private final String fullName;
  private final Object[] constants;
  private final FileDescriptor file;

  EnumElement(Class<?> type, String fullName, FileDescriptor file) {
    this.type = type;
    this.fullName = fullName;
    this.constants = type.getEnumConstants();
    this.file = file;
  }

  @Override
  public Type protoType() {
    return Type.TYPE_ENUM;
  }

  @Override
  public String typeName() {
    return "." + fullName;
  }

  @Override
  public FileDescriptor file() {
    return file;
  }

  @Override
  public int wireType() {
    return WireFormat.WIRETYPE_VARINT;
  }

  @Override
  public boolean isMessage() {
    return false;
  }

  @Override
  public int size(Object value) {
    return CodedOutputStream.computeEnumSizeNoTag(((Enum<?>) value).ordinal());
  }

  @Override
  public void write(CodedOutputStream out, Object value) throws IOException {
    out.writeEnumNoTag(((Enum<?>) value).ordinal());
  }

  @Override
  public Object read(CodedInputStream in, Object previous, int depth) throws IOException {
    int number = in.readEnum();
    if (number < 0 || number >= constants.length) {
      throw new InvalidProtocolBufferException(
          "Unknown value " + number + " for enum " + fullName + " (" + type.getName() + ")");
    }
    return constants[number];
  }

  @Override
  public Object defaultValue() {
    return constants[0];
  }

  @Override
  public boolean isDefault(Object value) {
    return ((Enum<?>) value).ordinal() == 0;
  }
}
