package org.remoting.runtime.internal.client;

import io.grpc.MethodDescriptor;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import org.remoting.runtime.internal.schema.InterfaceSchema;
import org.remoting.runtime.internal.schema.MessageCodec;
import org.remoting.runtime.internal.schema.MethodSchema;
import org.remoting.runtime.internal.wire.CodecMarshaller;
import org.remoting.runtime.internal.wire.EncodedValue;

/**
 * The client side of one remote interface: a gRPC method descriptor per remote method, built
 * once per client at the first lookup. Immutable.
 */
public final class ClientBinding {
  private final InterfaceSchema schema;
  private final Map<Method, MethodDescriptor<Object, Object>> methods;
  private final Map<Method, CodecMarshaller<Object>> requestMarshallers;
  private final java.util.Set<Method> idempotent;

  public ClientBinding(InterfaceSchema schema) {
    this.schema = schema;
    Map<Method, MethodDescriptor<Object, Object>> index = new HashMap<>();
    Map<Method, CodecMarshaller<Object>> requests = new HashMap<>();
    for (MethodSchema method : schema.methods()) {
      // Requests are Object[] arguments, or an EncodedValue when encoded in advance.
      @SuppressWarnings("unchecked")
      CodecMarshaller<Object> request =
          new CodecMarshaller<>((MessageCodec<Object>) (MessageCodec<?>) method.requestCodec());
      requests.put(method.method(), request);
      index.put(
          method.method(),
          MethodDescriptor.<Object, Object>newBuilder()
              .setType(MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(method.fullMethodName())
              .setRequestMarshaller(request)
              .setResponseMarshaller(new CodecMarshaller<>(method.responseCodec()))
              .build());
    }
    this.methods = Map.copyOf(index);
    this.idempotent =
        java.util.Set.copyOf(
            schema.methods().stream()
                .map(MethodSchema::method)
                .filter(m -> m.isAnnotationPresent(org.remoting.Idempotent.class))
                .toList());
    this.requestMarshallers = Map.copyOf(requests);
  }

  /**
   * Encodes the wire arguments of a call now.
   *
   * @throws IllegalArgumentException if an argument cannot be encoded
   */
  EncodedValue encodeRequest(Method method, Object[] args) {
    return requestMarshallers.get(method).encode(args);
  }

  /** Whether {@code method} is declared {@link org.remoting.Idempotent}: safe to retry. */
  boolean isIdempotent(Method method) {
    return idempotent.contains(method);
  }

  public InterfaceSchema schema() {
    return schema;
  }

  /** The descriptor of a remote method, or {@code null} if it is not one. */
  MethodDescriptor<Object, Object> method(Method method) {
    return methods.get(method);
  }
}
