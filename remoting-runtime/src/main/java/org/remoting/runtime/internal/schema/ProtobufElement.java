package org.remoting.runtime.internal.schema;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.UninitializedMessageException;
import java.io.IOException;

/**
 * A generated protobuf {@link Message} as itself. Its own parser runs with the remaining nesting
 * budget, so the depth limit holds across our messages and its.
 */
final class ProtobufElement extends MessageElement {
  private final Message defaultInstance;

  ProtobufElement(Message defaultInstance) {
    super(defaultInstance.getDescriptorForType().getFullName());
    this.defaultInstance = defaultInstance;
  }

  @Override
  public FileDescriptor file() {
    return defaultInstance.getDescriptorForType().getFile();
  }

  @Override
  int bodySize(Object value) {
    return ((Message) value).getSerializedSize();
  }

  @Override
  void writeBody(CodedOutputStream out, Object value) throws IOException {
    ((Message) value).writeTo(out);
  }

  /** The message's own builder. */
  @Override
  Object newAccumulator() {
    return defaultInstance.newBuilderForType();
  }

  @Override
  void readBody(CodedInputStream in, Object accumulator, int depth) throws IOException {
    int oldLimit = in.setRecursionLimit(Wire.MAX_DEPTH - depth);
    try {
      ((Message.Builder) accumulator).mergeFrom(in, ExtensionRegistryLite.getEmptyRegistry());
    } finally {
      in.setRecursionLimit(oldLimit);
    }
  }

  @Override
  public Object build(Object accumulator) throws InvalidProtocolBufferException {
    try {
      return ((Message.Builder) accumulator).build();
    } catch (UninitializedMessageException e) {
      throw e.asInvalidProtocolBufferException();
    }
  }

  @Override
  public Object defaultValue() {
    return defaultInstance;
  }
}
