package org.remoting.invocation;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.remoting.InvalidRemoteInterfaceException;
import org.remoting.PollObject;
import org.remoting.ResultCallback;

/**
 * Creates client proxies: {@link java.lang.reflect.Proxy} instances of a remote interface that
 * forward each remote method call to a {@link Requestor}, in the style the method declares
 * ({@link DeclaredStyle}):
 *
 * <ul>
 *   <li>{@link CallStyle#SYNC}: {@link Requestor#invoke}; blocks for the result.
 *   <li>{@link CallStyle#ONE_WAY} ({@code @OneWay void m(...)}): {@link Requestor#invokeOneWay};
 *       returns once the call is handed to the transport.
 *   <li>{@link CallStyle#POLL_OBJECT} ({@code PollObject<T> m(...)}): returns a {@link
 *       PollObject} at once; its {@code getResult} rethrows a failure as the exception a
 *       synchronous call would throw, a declared checked exception included (not declared by
 *       {@code getResult}: catch it by its type or as {@code Exception}); {@code cancel}
 *       cancels the remote call.
 *   <li>{@link CallStyle#FUTURE} ({@code CompletableFuture<T>} or {@code CompletionStage<T>}):
 *       returns a {@code CompletableFuture} at once. It completes on the requestor's {@linkplain
 *       Requestor#callbackExecutor() callback executor}, never on a transport thread. Stages
 *       added with {@code *Async} and no executor run on the callback executor; other stages
 *       run where {@code CompletableFuture} runs them: in the thread that completes the future
 *       (the callback executor), or in a thread of yours that adds them after completion or
 *       waits on the future at that moment. Cancelling it, or completing it otherwise (such as
 *       with {@code orTimeout}) before the result arrives, cancels the remote call.
 *   <li>{@link CallStyle#CALLBACK} ({@code void m(..., ResultCallback<T> callback)}): returns at
 *       once; exactly one of {@link ResultCallback#onResult} and {@link ResultCallback#onError}
 *       is called, once, on the callback executor. An exception thrown by the callback is logged
 *       at WARN and otherwise ignored. A {@code null} callback is a {@link NullPointerException}
 *       thrown to the caller.
 * </ul>
 *
 * <p>Asynchronous styles never throw for a failed call, not even for one the requestor refuses
 * at once (an argument that cannot be encoded): the failure goes to the poll object, future or
 * callback. Any method can also be called in another style with {@link Invocations}.
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
   * @throws IllegalArgumentException if {@code remoteInterface} is not an interface
   * @throws InvalidRemoteInterfaceException if a method declares an invalid style (see {@link
   *     DeclaredStyle#of}); the message names the interface and the method
   */
  public static <T> T create(Class<T> remoteInterface, Requestor requestor, String description) {
    requireNonNull(remoteInterface, "remoteInterface");
    requireNonNull(requestor, "requestor");
    requireNonNull(description, "description");
    if (!remoteInterface.isInterface()) {
      throw new IllegalArgumentException(remoteInterface.getName() + " is not an interface");
    }
    MethodStyles styles = MethodStyles.of(remoteInterface);
    Object proxy =
        Proxy.newProxyInstance(
            remoteInterface.getClassLoader(),
            new Class<?>[] {remoteInterface},
            new Handler(remoteInterface, requestor, description, styles));
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
    return handler(proxy).requestor;
  }

  /** The handler of a proxy made by {@link #create}; the same error as {@link #requestor}. */
  static Handler handler(Object proxy) {
    if (!isProxy(proxy)) {
      throw new IllegalArgumentException(
          "not a remote proxy: "
              + (proxy == null ? "null" : proxy.getClass().getName())
              + "; expected an object returned by RemotingClient.lookup");
    }
    return (Handler) Proxy.getInvocationHandler(proxy);
  }

  static final class Handler implements InvocationHandler {
    final Class<?> remoteInterface;
    final Requestor requestor;
    final MethodStyles styles;
    private final String description;

    Handler(
        Class<?> remoteInterface, Requestor requestor, String description, MethodStyles styles) {
      this.remoteInterface = remoteInterface;
      this.requestor = requestor;
      this.description = description;
      this.styles = styles;
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
      DeclaredStyle style = styles.get(method);
      switch (style.style()) {
        case SYNC:
          return requestor.invoke(method, args);
        case ONE_WAY:
          requestor.invokeOneWay(method, args);
          return null;
        case POLL_OBJECT:
          return new FuturePollObject<>(
              Completions.start(requestor, method, args), describe(method));
        case FUTURE:
          return Completions.relay(
              Completions.start(requestor, method, args),
              requestor.callbackExecutor(),
              describe(method));
        case CALLBACK:
          @SuppressWarnings("unchecked")
          ResultCallback<Object> callback = (ResultCallback<Object>) style.callback(args);
          requireNonNull(callback, () -> "the ResultCallback argument of " + describe(method));
          Completions.deliver(
              Completions.start(requestor, method, style.wireArguments(args)),
              callback,
              requestor.callbackExecutor(),
              describe(method));
          return null;
      }
      throw new AssertionError(style);
    }

    /** {@code Proxy[demo.Calculator at host:port].add}, for messages. */
    String describe(Method method) {
      return description + "." + method.getName();
    }
  }
}
