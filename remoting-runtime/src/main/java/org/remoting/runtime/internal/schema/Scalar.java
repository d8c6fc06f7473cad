package org.remoting.runtime.internal.schema;

import static com.google.protobuf.WireFormat.WIRETYPE_FIXED32;
import static com.google.protobuf.WireFormat.WIRETYPE_FIXED64;
import static com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED;
import static com.google.protobuf.WireFormat.WIRETYPE_VARINT;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;

/**
 * The scalar encodings. {@code short}, {@code byte} and {@code char} travel as int32 and are
 * range-checked when read.
 */
enum Scalar implements Element {
  BOOL(Type.TYPE_BOOL, WIRETYPE_VARINT, Boolean.FALSE) {
    @Override
    public int size(Object v) {
      return 1;
    }

    @Override
    public void write(CodedOutputStream out, Object v) throws IOException {
      out.writeBoolNoTag((Boolean) v);
    }

    @Override
    public Object read(CodedInputStream in, Object previous, int depth) throws IOException {
      return in.readBool();
    }

    @Override
    public boolean isDefault(Object v) {
      return !(Boolean) v;
    }
  },
  INT32(Type.TYPE_INT32, WIRETYPE_VARINT, 0) {
    @Override
    public int size(Object v) {
      return CodedOutputStream.computeInt32SizeNoTag((Integer) v);
    }

    @Override
    public void write(CodedOutputStream out, Object v) throws IOException {
      out.writeInt32NoTag((Integer) v);
    }

    @Override
    public Object read(CodedInputStream in, Object previous, int depth) throws IOException {
      return in.readInt32();
    }

    @Override
    public boolean isDefault(Object v) {
      return (Integer) v == 0;
    }
  },
  INT64(Type.TYPE_INT64, WIRETYPE_VARINT, 0L) {
    @Override
    public int size(Object v) {
      return CodedOutputStream.computeInt64SizeNoTag((Long) v);
    }

    @Override
    public void write(CodedOutputStream out, Object v) throws IOException {
      out.writeInt64NoTag((Long) v);
    }

    @Override
    public Object read(CodedInputStream in, Object previous, int depth) throws IOException {
      return in.readInt64();
    }

    @Override
    public boolean isDefault(Object v) {
      return (Long) v == 0L;
    }
  },
  FLOAT(Type.TYPE_FLOAT, WIRETYPE_FIXED32, 0f) {
    @Override
    public int size(Object v) {
      return 4;
    }

    @Override
    public void write(CodedOutputStream out, Object v) throws IOException {
      out.writeFloatNoTag((Float) v);
    }

    @Override
    public Object read(CodedInputStream in, Object previous, int depth) throws IOException {
      return in.readFloat();
    }

    @Override
    public boolean isDefault(Object v) {
      return Float.floatToRawIntBits((Float) v) == 0;
    }
  },
  DOUBLE(Type.TYPE_DOUBLE, WIRETYPE_FIXED64, 0d) {
    @Override
    public int size(Object v) {
      return 8;
    }

    @Override
    public void write(CodedOutputStream out, Object v) throws IOException {
      out.writeDoubleNoTag((Double) v);
    }

    @Override
    public Object read(CodedInputStream in, Object previous, int depth) throws IOException {
      return in.readDouble();
    }

    @Override
    public boolean isDefault(Object v) {
      return Double.doubleToRawLongBits((Double) v) == 0L;
    }
  },
  /**
   * An unsigned 64-bit number in 8 bytes, for framework fields whose size must not depend on
   * their value ({@code RemoteRef.grant}); no Java type maps to it.
   */
  FIXED64(Type.TYPE_FIXED64, WIRETYPE_FIXED64, 0L) {
    @Override
    public int size(Object v) {
      return 8;
    }

    @Override
    public void write(CodedOutputStream out, Object v) throws IOException {
      out.writeFixed64NoTag((Long) v);
    }

    @Override
    public Object read(CodedInputStream in, Object previous, int depth) throws IOException {
      return in.readFixed64();
    }

    @Override
    public boolean isDefault(Object v) {
      return (Long) v == 0L;
    }
  },
  SHORT(Type.TYPE_INT32, WIRETYPE_VARINT, (short) 0) {
    @Override
    public int size(Object v) {
      return CodedOutputStream.computeInt32SizeNoTag((Short) v);
    }

    @Override
    public void write(CodedOutputStream out, Object v) throws IOException {
      out.writeInt32NoTag((Short) v);
    }

    @Override
    public Object read(CodedInputStream in, Object previous, int depth) throws IOException {
      return (short) checkRange(in.readInt32(), Short.MIN_VALUE, Short.MAX_VALUE, "short");
    }

    @Override
    public boolean isDefault(Object v) {
      return (Short) v == 0;
    }
  },
  BYTE(Type.TYPE_INT32, WIRETYPE_VARINT, (byte) 0) {
    @Override
    public int size(Object v) {
      return CodedOutputStream.computeInt32SizeNoTag((Byte) v);
    }

    @Override
    public void write(CodedOutputStream out, Object v) throws IOException {
      out.writeInt32NoTag((Byte) v);
    }

    @Override
    public Object read(CodedInputStream in, Object previous, int depth) throws IOException {
      return (byte) checkRange(in.readInt32(), Byte.MIN_VALUE, Byte.MAX_VALUE, "byte");
    }

    @Override
    public boolean isDefault(Object v) {
      return (Byte) v == 0;
    }
  },
  CHAR(Type.TYPE_INT32, WIRETYPE_VARINT, (char) 0) {
    @Override
    public int size(Object v) {
      return CodedOutputStream.computeInt32SizeNoTag((Character) v);
    }

    @Override
    public void write(CodedOutputStream out, Object v) throws IOException {
      out.writeInt32NoTag((Character) v);
    }

    @Override
    public Object read(CodedInputStream in, Object previous, int depth) throws IOException {
      return (char) checkRange(in.readInt32(), Character.MIN_VALUE, Character.MAX_VALUE, "char");
    }

    @Override
    public boolean isDefault(Object v) {
      return (Character) v == 0;
    }
  },
  STRING(Type.TYPE_STRING, WIRETYPE_LENGTH_DELIMITED, "") {
    @Override
    public int size(Object v) {
      return CodedOutputStream.computeStringSizeNoTag((String) v);
    }

    @Override
    public void write(CodedOutputStream out, Object v) throws IOException {
      out.writeStringNoTag((String) v);
    }

    @Override
    public Object read(CodedInputStream in, Object previous, int depth) throws IOException {
      return in.readStringRequireUtf8();
    }

    @Override
    public boolean isDefault(Object v) {
      return ((String) v).isEmpty();
    }
  },
  BYTES(Type.TYPE_BYTES, WIRETYPE_LENGTH_DELIMITED, null) {
    @Override
    public int size(Object v) {
      return CodedOutputStream.computeByteArraySizeNoTag((byte[]) v);
    }

    @Override
    public void write(CodedOutputStream out, Object v) throws IOException {
      out.writeByteArrayNoTag((byte[]) v);
    }

    @Override
    public Object read(CodedInputStream in, Object previous, int depth) throws IOException {
      return in.readByteArray();
    }

    @Override
    public boolean isDefault(Object v) {
      return ((byte[]) v).length == 0;
    }

    @Override
    public Object defaultValue() {
      return new byte[0]; // arrays are mutable: a fresh one each time
    }
  };

  private final Type protoType;
  private final int wireType;
  private final Object defaultValue;

  Scalar(Type protoType, int wireType, Object defaultValue) {
    this.protoType = protoType;
    this.wireType = wireType;
    this.defaultValue = defaultValue;
  }

  /** The scalar for a primitive, a box, {@code String} or {@code byte[]}; null for other types. */
  static Scalar of(Class<?> c) {
    if (c == boolean.class || c == Boolean.class) return BOOL;
    if (c == int.class || c == Integer.class) return INT32;
    if (c == long.class || c == Long.class) return INT64;
    if (c == float.class || c == Float.class) return FLOAT;
    if (c == double.class || c == Double.class) return DOUBLE;
    if (c == short.class || c == Short.class) return SHORT;
    if (c == byte.class || c == Byte.class) return BYTE;
    if (c == char.class || c == Character.class) return CHAR;
    if (c == String.class) return STRING;
    if (c == byte[].class) return BYTES;
    return null;
  }

  private static int checkRange(int v, int min, int max, String javaType)
      throws InvalidProtocolBufferException {
    if (v < min || v > max) {
      throw new InvalidProtocolBufferException(
          "Value " + v + " is out of range for a Java " + javaType);
    }
    return v;
  }

  @Override
  public Type protoType() {
    return protoType;
  }

  @Override
  public String typeName() {
    return null;
  }

  @Override
  public FileDescriptor file() {
    return null;
  }

  @Override
  public int wireType() {
    return wireType;
  }

  @Override
  public boolean isMessage() {
    return false;
  }

  @Override
  public Object defaultValue() {
    return defaultValue;
  }
}
