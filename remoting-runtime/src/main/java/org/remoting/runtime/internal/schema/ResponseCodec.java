package org.remoting.runtime.internal.schema;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import java.io.IOException;

/** The return value as field 1 of a response message; no field for {@code void}. */
final class ResponseCodec implements MessageCodec<Object> {
  private final Field result; // null for void
  private final Field[] fields;

  ResponseCodec(Field result) {
    this.result = result;
    this.fields = result == null ? new Field[0] : new Field[] {result};
  }

  @Override
  public int serializedSize(Object value) {
    return result == null ? 0 : result.size(value);
  }

  @Override
  public void write(Object value, CodedOutputStream out) throws IOException {
    if (result != null) {
      result.write(out, value);
    }
  }

  @Override
  public Object read(CodedInputStream in) throws IOException {
    Object[] acc = new Object[fields.length];
    Wire.readFields(in, fields, acc, 0);
    return result == null ? null : result.finish(acc[0]);
  }
}
