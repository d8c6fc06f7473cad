package org.remoting.runtime.internal.schema;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import java.lang.reflect.Method;

/**
 * The wire form of one remote method: its gRPC name, its request and response message types,
 * and the codecs that read and write them. Immutable.
 */
public final class MethodSchema {
  private final Method method;
  private final String fullMethodName;
  private final MethodDescriptor descriptor;
  private final MessageCodec<Object[]> requestCodec;
  private final MessageCodec<Object> responseCodec;

  public MethodSchema(
      Method method,
      String fullMethodName,
      MethodDescriptor descriptor,
      MessageCodec<Object[]> requestCodec,
      MessageCodec<Object> responseCodec) {
    this.method = requireNonNull(method, "method");
    this.fullMethodName = requireNonNull(fullMethodName, "fullMethodName");
    this.descriptor = requireNonNull(descriptor, "descriptor");
    this.requestCodec = requireNonNull(requestCodec, "requestCodec");
    this.responseCodec = requireNonNull(responseCodec, "responseCodec");
  }

  /** The Java method. */
  public Method method() {
    return method;
  }

  /** The method's name on the wire: its {@code @MethodName}, or its Java name. */
  public String name() {
    return descriptor.getName();
  }

  /** The gRPC full method name, {@code service/method}. */
  public String fullMethodName() {
    return fullMethodName;
  }

  /** The protobuf method descriptor, inside its service descriptor. */
  public MethodDescriptor descriptor() {
    return descriptor;
  }

  public Descriptor requestType() {
    return descriptor.getInputType();
  }

  public Descriptor responseType() {
    return descriptor.getOutputType();
  }

  /** Codec for the arguments: field i+1 is parameter i. A null array means no arguments. */
  public MessageCodec<Object[]> requestCodec() {
    return requestCodec;
  }

  /** Codec for the return value: field 1 (absent for {@code void} and for {@code null}). */
  public MessageCodec<Object> responseCodec() {
    return responseCodec;
  }

  @Override
  public String toString() {
    return fullMethodName;
  }
}
