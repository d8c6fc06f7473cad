package org.remoting.runtime;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import org.remoting.runtime.internal.lease.LeaseToken;
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

  /**
   * Releases the leased object behind {@code proxy} now, with one call to its server, instead of
   * waiting for the proxy to be garbage collected: the server destroys the object, and later
   * calls through any proxy of it fail with {@link org.remoting.ObjectNotFoundException} saying
   * it was released. The release names the newest reference to the object that this client
   * received: if the server has handed out a newer one since (a call returning the object is
   * still on its way), it ignores the release, and the object lives on for that reference.
   *
   * @return true if this client held the lease; false if it had been released or had expired
   * @throws IllegalArgumentException if {@code proxy} is not a proxy of a leased object
   * @throws org.remoting.RemotingException if the server cannot be reached
   */
  public static boolean release(Object proxy) {
    return lease(proxy).release();
  }

  /**
   * Renews the lease of the object behind {@code proxy} now, asking for {@code duration}; the
   * server grants at most its {@code lease.max-duration} and never shortens a lease. Automatic
   * renewal goes on as before.
   *
   * @return the time the lease now has left
   * @throws IllegalArgumentException if {@code proxy} is not a proxy of a leased object or the
   *     duration is not positive
   * @throws org.remoting.ObjectNotFoundException if the lease has already ended
   */
  public static Duration renew(Object proxy, Duration duration) {
    requireNonNull(duration, "duration");
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive, got " + duration);
    }
    return lease(proxy).renew(duration);
  }

  /**
   * The time the lease of the object behind {@code proxy} has left, asked of its server (for
   * diagnostics); empty if the lease has ended.
   *
   * @throws IllegalArgumentException if {@code proxy} is not a proxy of a leased object
   */
  public static Optional<Duration> leaseRemaining(Object proxy) {
    return lease(proxy).remaining();
  }

  /**
   * The lease duration of the object behind {@code proxy}, as its server granted it when it
   * sent the reference ({@code lease.duration} of the object's service): the client renews
   * every half of it.
   *
   * @throws IllegalArgumentException if {@code proxy} is not a proxy of a leased object
   */
  public static Duration leaseDuration(Object proxy) {
    return lease(proxy).duration();
  }

  /** Whether {@code proxy} is a proxy of a leased object (one a remote method returned). */
  public static boolean isLeased(Object proxy) {
    return requestor(proxy).lease() != null;
  }

  private static LeaseToken lease(Object proxy) {
    LeaseToken lease = requestor(proxy).lease();
    if (lease == null) {
      throw new IllegalArgumentException(
          "not a proxy of a leased object (one returned by a remote method): " + proxy);
    }
    return lease;
  }

  /** The deadline of each call made through {@code proxy}. */
  public static Duration deadline(Object proxy) {
    return requestor(proxy).deadline();
  }

  /**
   * The {@code .proto} source of a remote interface's service, followed by the files of the
   * records and enums it uses, each after a {@code // path.proto} line: for reading. To generate
   * clients in other languages use {@link #protoFiles}, which keeps the files apart.
   *
   * @throws org.remoting.InvalidRemoteInterfaceException if the interface cannot be used
   *     remotely
   */
  public static String proto(Class<?> remoteInterface) {
    StringBuilder text = new StringBuilder();
    protoFiles(remoteInterface).forEach((path, source) -> {
      if (text.length() > 0) {
        text.append('\n');
      }
      text.append("// ").append(path).append('\n').append(source);
    });
    return text.toString();
  }

  /**
   * The {@code .proto} files that describe a remote interface's service, by the path each is
   * imported as ({@code demo/Calculator.proto}, then the files it imports, transitively; not
   * protobuf's own well-known types), ready to be written under one directory and compiled with
   * {@code protoc}.
   *
   * @throws org.remoting.InvalidRemoteInterfaceException if the interface cannot be used
   *     remotely
   */
  public static java.util.Map<String, String> protoFiles(Class<?> remoteInterface) {
    requireNonNull(remoteInterface, "remoteInterface");
    com.google.protobuf.Descriptors.FileDescriptor file =
        new SchemaCompiler().compile(remoteInterface).file();
    java.util.Map<String, com.google.protobuf.Descriptors.FileDescriptor> files =
        new java.util.LinkedHashMap<>();
    collect(file, files);
    java.util.Map<String, String> sources = new java.util.LinkedHashMap<>();
    files.forEach((path, each) -> sources.put(path, ProtoPrinter.print(each)));
    return java.util.Collections.unmodifiableMap(sources);
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
