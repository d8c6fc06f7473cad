package org.remoting.runtime;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.remoting.invocation.ClientProxies;
import org.remoting.runtime.internal.client.GrpcRequestor;

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

  private static GrpcRequestor requestor(Object proxy) {
    if (ClientProxies.requestor(proxy) instanceof GrpcRequestor) {
      return (GrpcRequestor) ClientProxies.requestor(proxy);
    }
    throw new IllegalArgumentException("not a proxy of a RemotingClient: " + proxy);
  }
}
