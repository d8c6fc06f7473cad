package org.remoting.runtime.internal.schema;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;

/**
 * The wire form of one {@code @Remote} interface: a gRPC service with one unary method per
 * abstract interface method, described by real protobuf descriptors. Immutable.
 */
public final class InterfaceSchema {
  private final Class<?> type;
  private final ServiceDescriptor service;
  private final List<MethodSchema> methods;
  private final Map<Method, MethodSchema> byMethod;

  public InterfaceSchema(Class<?> type, ServiceDescriptor service, List<MethodSchema> methods) {
    this.type = requireNonNull(type, "type");
    this.service = requireNonNull(service, "service");
    this.methods = List.copyOf(methods);
    var index = new java.util.HashMap<Method, MethodSchema>();
    for (MethodSchema m : this.methods) {
      index.put(m.method(), m);
    }
    this.byMethod = Map.copyOf(index);
  }

  /** The Java interface. */
  public Class<?> type() {
    return type;
  }

  /** The gRPC service name, such as {@code demo.Calculator}. */
  public String serviceName() {
    return service.getFullName();
  }

  /** The protobuf service descriptor. */
  public ServiceDescriptor service() {
    return service;
  }

  /** The file that defines the service and its request and response messages. */
  public FileDescriptor file() {
    return service.getFile();
  }

  /** The remote methods, in a stable order (by wire name). */
  public List<MethodSchema> methods() {
    return methods;
  }

  /** The schema of {@code method}, or {@code null} if it is not a remote method of this interface. */
  public MethodSchema method(Method method) {
    return byMethod.get(method);
  }

  @Override
  public String toString() {
    return serviceName() + " (" + type.getName() + ")";
  }
}
