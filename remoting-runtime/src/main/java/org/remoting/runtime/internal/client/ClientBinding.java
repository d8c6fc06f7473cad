package org.remoting.runtime.internal.client;

import io.grpc.MethodDescriptor;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import org.remoting.runtime.internal.schema.InterfaceSchema;
import org.remoting.runtime.internal.schema.MethodSchema;
import org.remoting.runtime.internal.wire.CodecMarshaller;

/**
 * The client side of one remote interface: a gRPC method descriptor per remote method, built
 * once per client at the first lookup. Immutable.
 */
public final class ClientBinding {
  private final InterfaceSchema schema;
  private final Map<Method, MethodDescriptor<Object[], Object>> methods;

  public ClientBinding(InterfaceSchema schema) {
    this.schema = schema;
    Map<Method, MethodDescriptor<Object[], Object>> index = new HashMap<>();
    for (MethodSchema method : schema.methods()) {
      index.put(
          method.method(),
          MethodDescriptor.<Object[], Object>newBuilder()
              .setType(MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(method.fullMethodName())
              .setRequestMarshaller(new CodecMarshaller<>(method.requestCodec()))
              .setResponseMarshaller(new CodecMarshaller<>(method.responseCodec()))
              .build());
    }
    this.methods = Map.copyOf(index);
  }

  public InterfaceSchema schema() {
    return schema;
  }

  /** The descriptor of a remote method, or {@code null} if it is not one. */
  MethodDescriptor<Object[], Object> method(Method method) {
    return methods.get(method);
  }
}
