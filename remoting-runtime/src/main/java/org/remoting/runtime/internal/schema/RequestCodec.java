package org.remoting.runtime.internal.schema;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import java.io.IOException;

/** The arguments of a call as a request message: field i+1 is argument i. */
final class RequestCodec implements MessageCodec<Object[]> {
  private static final Object[] NO_ARGS = {};

  private final Field[] fields;

  RequestCodec(Field[] fields) {
    this.fields = fields;
  }

  @Override
  public int serializedSize(Object[] args) {
    args = check(args);
    int size = 0;
    for (int i = 0; i < fields.length; i++) {
      size += fields[i].size(args[i]);
    }
    return size;
  }

  @Override
  public void write(Object[] args, CodedOutputStream out) throws IOException {
    args = check(args);
    for (int i = 0; i < fields.length; i++) {
      fields[i].write(out, args[i]);
    }
  }

  @Override
  public Object[] read(CodedInputStream in) throws IOException {
    Object[] acc = new Object[fields.length];
    Wire.readFields(in, fields, acc, 0);
    for (int i = 0; i < fields.length; i++) {
      acc[i] = fields[i].finish(acc[i]);
    }
    return acc;
  }

  private Object[] check(Object[] args) {
    if (args == null) {
      args = NO_ARGS;
    }
    if (args.length != fields.length) {
      throw new IllegalArgumentException(
          "Expected " + fields.length + " arguments, got " + args.length);
    }
    return args;
  }
}
