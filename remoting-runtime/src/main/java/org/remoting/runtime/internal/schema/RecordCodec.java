package org.remoting.runtime.internal.schema;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import java.io.IOException;

/** A record as a top-level message, for state that is stored rather than sent. */
final class RecordCodec<T> implements MessageCodec<T> {
  private final Class<T> type;
  private final RecordElement element;

  RecordCodec(Class<T> type, RecordElement element) {
    this.type = type;
    this.element = element;
  }

  @Override
  public int serializedSize(T value) {
    return element.bodySize(requireNonNull(value, "value"));
  }

  @Override
  public void write(T value, CodedOutputStream out) throws IOException {
    element.writeBody(out, requireNonNull(value, "value"));
  }

  @Override
  public T read(CodedInputStream in) throws IOException {
    Object accumulator = element.newAccumulator();
    element.readBody(in, accumulator, 0);
    return type.cast(element.build(accumulator));
  }
}
