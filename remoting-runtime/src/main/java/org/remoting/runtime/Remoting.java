package org.remoting.runtime;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.remoting.invocation.ClientProxies;
import org.remoting.runtime.internal.client.GrpcRequestor;
import org.remoting.runtime.internal.schema.ProtoPrinter;
import org.remoting.runtime.internal.schema.SchemaCompiler;

/** Operations on client proxies returned by {@link RemotingClient#lookup}. */
public final class Remoting {
  private Remoting() {}

  /**
   * A proxy for the same remote object whose calls use {@code deadline}; {@code proxy} itself is
   * unchanged.
   *
   * @throws IllegalArgumentException if {@code proxy} is not a remote proxy or the deadline is
   *     not positive
   */
  public static <T> T withDeadline(T proxy, Duration deadline) {
    requireNonNull(deadline, "deadline");
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("deadline must be positive, got " + deadline);
    }
    GrpcRequestor requestor = requestor(proxy).withDeadline(deadline);
    @SuppressWarnings("unchecked")
    Class<T> type = (Class<T>) requestor.binding().schema().type();
    return ClientProxies.create(type, requestor, "Proxy[" + requestor.describe() + "]");
  }

  /** The object id a proxy addresses, or {@code null} for the service's default object. */
  public static String objectId(Object proxy) {
    return requestor(proxy).objectId();
  }

  /** The deadline of each call made through {@code proxy}. */
  public static Duration deadline(Object proxy) {
    return requestor(proxy).deadline();
  }

  /**
   * The {@code .proto} source of a remote interface's service, followed by the files of the
   * records and enums it uses, for generating clients in other languages.
   *
   * @throws org.remoting.InvalidRemoteInterfaceException if the interface cannot be used
   *     remotely
   */
  public static String proto(Class<?> remoteInterface) {
    requireNonNull(remoteInterface, "remoteInterface");
    com.google.protobuf.Descriptors.FileDescriptor file =
        new SchemaCompiler().compile(remoteInterface).file();
    java.util.Map<String, com.google.protobuf.Descriptors.FileDescriptor> files =
        new java.util.LinkedHashMap<>();
    collect(file, files);
    StringBuilder text = new StringBuilder();
    for (com.google.protobuf.Descriptors.FileDescriptor each : files.values()) {
      if (text.length() > 0) {
        text.append('\n');
      }
      text.append("// ").append(each.getName()).append('\n').append(ProtoPrinter.print(each));
    }
    return text.toString();
  }

  private static void collect(
      com.google.protobuf.Descriptors.FileDescriptor file,
      java.util.Map<String, com.google.protobuf.Descriptors.FileDescriptor> files) {
    if (files.containsKey(file.getName()) || file.getName().startsWith("google/protobuf/")) {
      return;
    }
    files.put(file.getName(), file);
    for (com.google.protobuf.Descriptors.FileDescriptor dependency : file.getDependencies()) {
      collect(dependency, files);
    }
  }

  private static GrpcRequestor requestor(Object proxy) {
    if (ClientProxies.requestor(proxy) instanceof GrpcRequestor) {
      return (GrpcRequestor) ClientProxies.requestor(proxy);
    }
    throw new IllegalArgumentException("not a proxy of a RemotingClient: " + proxy);
  }
}
