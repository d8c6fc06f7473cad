package org.remoting.runtime.internal.schema;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.lang.invoke.MethodHandle;

/**
 * A record as a message whose fields 1..n are its components. Created empty so that a record can
 * refer to itself, then {@link #complete completed} once before it is published.
 */
final class RecordElement extends MessageElement {
  final Class<?> type;
  private Field[] fields;
  private MethodHandle[] accessors; // (Object)Object
  private MethodHandle constructor; // (Object[])Object
  private FileDescriptor file;
  private Descriptor descriptor;

  RecordElement(Class<?> type, String fullName) {
    super(fullName);
    this.type = type;
  }

  void complete(
      Field[] fields, MethodHandle[] accessors, MethodHandle constructor, FileDescriptor file) {
    this.fields = fields;
    this.accessors = accessors;
    this.constructor = constructor;
    this.file = file;
    this.descriptor = file.findMessageTypeByName(Names.simpleNameOf(fullName));
  }

  @Override
  public FileDescriptor file() {
    return file;
  }

  Descriptor descriptor() {
    return descriptor;
  }

  @Override
  int bodySize(Object value) {
    int size = 0;
    for (int i = 0; i < fields.length; i++) {
      size += fields[i].size(get(i, value));
    }
    return size;
  }

  @Override
  void writeBody(CodedOutputStream out, Object value) throws IOException {
    for (int i = 0; i < fields.length; i++) {
      fields[i].write(out, get(i, value));
    }
  }

  /** The accumulators of the record's fields: field number {@code i + 1} at index {@code i}. */
  @Override
  Object newAccumulator() {
    return new Object[fields.length];
  }

  @Override
  void readBody(CodedInputStream in, Object accumulator, int depth) throws IOException {
    Wire.readFields(in, fields, (Object[]) accumulator, depth);
  }

  @Override
  public Object build(Object accumulator) throws InvalidProtocolBufferException {
    Object[] acc = (Object[]) accumulator; // built once: its slots become the components
    for (int i = 0; i < fields.length; i++) {
      acc[i] = fields[i].finish(acc[i]);
    }
    try {
      return (Object) constructor.invokeExact(acc);
    } catch (Error e) {
      throw e;
    } catch (Throwable e) {
      // The canonical constructor validates its arguments: bytes it rejects are invalid input.
      var invalid = new InvalidProtocolBufferException(
          "Record " + type.getName() + " rejected the decoded values: " + e);
      invalid.initCause(e);
      throw invalid;
    }
  }

  private Object get(int i, Object record) {
    try {
      return (Object) accessors[i].invokeExact(record);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }
}
