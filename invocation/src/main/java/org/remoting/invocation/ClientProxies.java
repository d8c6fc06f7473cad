package org.remoting.invocation;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Creates client proxies: {@link java.lang.reflect.Proxy} instances of a remote interface that
 * forward each remote method call to a {@link Requestor}.
 *
 * <p>A proxy handles {@code equals} (identity), {@code hashCode} (identity) and {@code toString}
 * (a description of its target) locally, and runs the interface's default methods locally, so a
 * default method may call remote methods on the same proxy. Proxies are thread-safe.
 */
public final class ClientProxies {
  private ClientProxies() {}

  /**
   * Returns a proxy implementing {@code remoteInterface}.
   *
   * @param description what {@code toString()} of the proxy returns, e.g. the service and target
   */
  public static <T> T create(Class<T> remoteInterface, Requestor requestor, String description) {
    requireNonNull(remoteInterface, "remoteInterface");
    requireNonNull(requestor, "requestor");
    requireNonNull(description, "description");
    if (!remoteInterface.isInterface()) {
      throw new IllegalArgumentException(remoteInterface.getName() + " is not an interface");
    }
    Object proxy =
        Proxy.newProxyInstance(
            remoteInterface.getClassLoader(),
            new Class<?>[] {remoteInterface},
            new Handler(requestor, description));
    return remoteInterface.cast(proxy);
  }

  /** Whether {@code object} is a proxy made by {@link #create}. */
  public static boolean isProxy(Object object) {
    return object != null
        && Proxy.isProxyClass(object.getClass())
        && Proxy.getInvocationHandler(object) instanceof Handler;
  }

  /**
   * The requestor behind a proxy made by {@link #create}.
   *
   * @throws IllegalArgumentException if {@code proxy} is not such a proxy
   */
  public static Requestor requestor(Object proxy) {
    if (!isProxy(proxy)) {
      throw new IllegalArgumentException(
          "not a remote proxy: "
              + (proxy == null ? "null" : proxy.getClass().getName())
              + "; expected an object returned by RemotingClient.lookup");
    }
    return ((Handler) Proxy.getInvocationHandler(proxy)).requestor;
  }

  private static final class Handler implements InvocationHandler {
    private final Requestor requestor;
    private final String description;

    Handler(Requestor requestor, String description) {
      this.requestor = requestor;
      this.description = description;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (method.getDeclaringClass() == Object.class) {
        switch (method.getName()) {
          case "equals":
            return proxy == args[0];
          case "hashCode":
            return System.identityHashCode(proxy);
          case "toString":
            return description;
          default:
            throw new UnsupportedOperationException(method.toString());
        }
      }
      if (method.isDefault()) {
        return InvocationHandler.invokeDefault(proxy, method, args);
      }
      return requestor.invoke(method, args);
    }
  }
}
