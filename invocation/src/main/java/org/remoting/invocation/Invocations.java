package org.remoting.invocation;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.remoting.PollObject;
import org.remoting.RemotingException;
import org.remoting.ResultCallback;

/**
 * Calls any remote method of any client proxy in the invocation style chosen for that call,
 * whatever style the method declares: fire and forget, sync with server, poll object, future or
 * result callback.
 *
 * <p>Each method takes the proxy and a lambda that makes <em>one</em> call on its argument. The
 * lambda runs at once on a recording stand-in of the proxy's interface, which records the
 * method and arguments and returns a default value ({@code 0}, {@code false} or {@code null});
 * the recorded call is then made through the proxy's requestor in the chosen style:
 *
 * <pre>{@code
 * Invocations.fireAndForget(calc, c -> c.log("hello"));
 * PollObject<Integer> sum = Invocations.poll(calc, c -> c.add(1, 2));
 * }</pre>
 *
 * <p>Rules, checked before anything is sent, each an {@link IllegalArgumentException}:
 *
 * <ul>
 *   <li>{@code proxy} is a client proxy ({@code RemotingClient.lookup}, {@link
 *       ClientProxies#create}).
 *   <li>The lambda makes exactly one call on its argument, of a remote (abstract) method; not a
 *       default method, which runs locally, nor a method of {@code Object}. Compute the
 *       arguments outside the lambda or before the call: a call on the lambda's argument inside
 *       an argument counts as a second call, and returns only a default value. A call on
 *       anything else (such as the real proxy) is not recorded: it runs as usual. The stand-in
 *       never throws, but Java still makes the lambda handle the checked exceptions the method
 *       declares: {@code p -> { try { return p.load(name); } catch (IOException e) { throw new
 *       UncheckedIOException(e); } }}. The call's own failure is still the {@code IOException}.
 *   <li>The method is declared synchronous; for {@link #fireAndForget} and {@link
 *       #syncWithServer}, {@code @OneWay} methods are accepted too. A method declared
 *       asynchronous (returning {@code PollObject} or {@code CompletableFuture}, or taking a
 *       {@code ResultCallback}) already has its style: call it directly.
 * </ul>
 *
 * <p>All methods are thread-safe. Failures of the call itself have the types a synchronous call
 * throws: an exception the method declares, or an unchecked {@link RemotingException}.
 */
public final class Invocations {
  private static final Map<Class<?>, Object> PRIMITIVE_DEFAULTS =
      Map.of(
          boolean.class, false,
          char.class, '\0',
          byte.class, (byte) 0,
          short.class, (short) 0,
          int.class, 0,
          long.class, 0L,
          float.class, 0f,
          double.class, 0d);

  private Invocations() {}

  /**
   * Fire and forget: sends the call and returns once it is handed to the transport, without
   * waiting for the server. A result is discarded; a failure after this method returns is never
   * reported (the runtime logs it at DEBUG). Best effort: use {@link #syncWithServer} to learn
   * that the server accepted the call.
   *
   * <pre>{@code
   * Invocations.fireAndForget(calc, c -> c.log("started"));
   * }</pre>
   *
   * @throws IllegalArgumentException if a rule of the class is broken, or an argument cannot be
   *     encoded (such as a {@code null} list element)
   */
  public static <T> void fireAndForget(T proxy, Consumer<? super T> call) {
    Recorded recorded = record("fireAndForget", proxy, call, true);
    recorded.requestor().invokeOneWay(recorded.method(), recorded.args());
  }

  /**
   * Sync with server: sends the call and blocks until the server has accepted it (the object
   * was found, the arguments were decoded and the call was queued for its servant); the method
   * runs on the server after this returns. A result is discarded, and a failure of the method
   * itself is not reported.
   *
   * <pre>{@code
   * Invocations.syncWithServer(account, a -> a.deposit(100));   // returns before deposit runs
   * }</pre>
   *
   * <p>An error before acceptance is thrown as a synchronous call would throw it: an unchecked
   * {@link RemotingException} such as {@link org.remoting.ObjectNotFoundException} or {@link
   * org.remoting.ServantBusyException}, or a checked exception the method declares, which is
   * thrown as is although this method does not declare it (a "sneaky throw": catch it by its
   * type or as {@code Exception}). An interrupted caller stops waiting and gets a {@link
   * RemotingException}, with its interrupt flag set again; the call, already sent, may still run.
   *
   * @throws IllegalArgumentException if a rule of the class is broken
   */
  public static <T> void syncWithServer(T proxy, Consumer<? super T> call) {
    Recorded recorded = record("syncWithServer", proxy, call, true);
    CompletableFuture<Void> ack =
        recorded.requestor().invokeAcknowledged(recorded.method(), recorded.args());
    try {
      ack.get();
    } catch (ExecutionException e) {
      throw Throwables.sneakyThrow(Throwables.unwrap(e));
    } catch (InterruptedException e) {
      ack.cancel(false);
      Thread.currentThread().interrupt();
      throw new RemotingException(
          "interrupted while waiting for the server to accept " + recorded.describe(), e);
    }
  }

  /**
   * Poll object: sends the call and returns at once a {@link PollObject} that receives the
   * result. {@link PollObject#getResult()} rethrows a failure as a synchronous call would throw
   * it; {@link PollObject#cancel()} cancels the remote call.
   *
   * <pre>{@code
   * PollObject<Report> report = Invocations.poll(reports, r -> r.build("2024"));
   * while (!report.isAvailable()) {
   *   doSomethingElse();
   * }
   * show(report.getResult());
   * }</pre>
   *
   * @param <R> the method's result type, boxed; {@code Object} ({@code null} result) for a
   *     {@code void} method, which needs a block lambda: {@code p -> { p.reset(); return null; }}
   * @throws IllegalArgumentException if a rule of the class is broken
   */
  public static <T, R> PollObject<R> poll(T proxy, Function<? super T, ? extends R> call) {
    Recorded recorded = record("poll", proxy, call::apply, false);
    return new FuturePollObject<>(recorded.start(), recorded.describe());
  }

  /**
   * Future: sends the call and returns at once a {@link CompletableFuture} of the result, which
   * completes on the client's callback executor (never on a transport thread) with the result,
   * or exceptionally with the exception a synchronous call would throw. Cancelling the future,
   * or completing it otherwise before the result arrives (such as with {@code orTimeout}),
   * cancels the remote call.
   *
   * <pre>{@code
   * Invocations.future(calc, c -> c.add(1, 2))
   *     .thenAccept(sum -> System.out.println("sum: " + sum));
   * }</pre>
   *
   * @throws IllegalArgumentException if a rule of the class is broken
   */
  public static <T, R> CompletableFuture<R> future(
      T proxy, Function<? super T, ? extends R> call) {
    Recorded recorded = record("future", proxy, call::apply, false);
    Requestor requestor = recorded.requestor();
    return Completions.relay(recorded.start(), requestor.callbackExecutor(), recorded.describe());
  }

  /**
   * Result callback: sends the call and returns at once; exactly one of {@code
   * callback.onResult} and {@code callback.onError} is called, once, on the client's callback
   * executor, never on a transport thread. {@code onError} receives the exception a synchronous
   * call would throw. An exception thrown by the callback is logged at WARN and otherwise
   * ignored.
   *
   * <pre>{@code
   * Invocations.callback(quotes, q -> q.price("ACME"),
   *     ResultCallback.of(price -> show(price), error -> log.warn("no price", error)));
   * }</pre>
   *
   * @throws IllegalArgumentException if a rule of the class is broken
   */
  public static <T, R> void callback(
      T proxy, Function<? super T, ? extends R> call, ResultCallback<? super R> callback) {
    requireNonNull(callback, "callback");
    Recorded recorded = record("callback", proxy, call::apply, false);
    CompletableFuture<R> started = recorded.start();
    Completions.deliver(
        started, callback, recorded.requestor().callbackExecutor(), recorded.describe());
  }

  /** Runs {@code call} on a recording stand-in of the proxy and checks what it recorded. */
  private static <T> Recorded record(
      String operation, T proxy, Consumer<? super T> call, boolean oneWayAllowed) {
    requireNonNull(proxy, "proxy");
    requireNonNull(call, "call");
    ClientProxies.Handler handler = ClientProxies.handler(proxy);
    Recorder recorder = new Recorder();
    @SuppressWarnings("unchecked") // the stand-in implements the proxy's one interface
    T standIn =
        (T)
            Proxy.newProxyInstance(
                handler.remoteInterface.getClassLoader(),
                new Class<?>[] {handler.remoteInterface},
                recorder);
    call.accept(standIn);
    Method method = recorder.single(operation);
    String name = handler.remoteInterface.getSimpleName() + "." + DeclaredStyle.signature(method);
    if (!MethodStyles.isRemote(method)) {
      throw new IllegalArgumentException("Invocations." + operation + ": " + name + " is "
          + (method.isDefault() ? "a default method, which runs locally" : "not a remote method")
          + "; the lambda must call a remote (abstract) method of "
          + handler.remoteInterface.getName());
    }
    CallStyle style = handler.styles.get(method).style();
    if (style == CallStyle.ONE_WAY && !oneWayAllowed) {
      throw new IllegalArgumentException("Invocations." + operation + ": " + name
          + " is declared @OneWay and has no result; call it directly, or with"
          + " Invocations.fireAndForget or Invocations.syncWithServer");
    }
    if (style.isAsync()) {
      throw new IllegalArgumentException("Invocations." + operation + ": " + name
          + " is declared asynchronous (" + style + " style) and cannot be called in another"
          + " style; call it directly, or declare it synchronous to choose its style per call");
    }
    return new Recorded(handler, method, recorder.args());
  }

  private record Recorded(ClientProxies.Handler handler, Method method, Object[] args) {
    Requestor requestor() {
      return handler.requestor;
    }

    <R> CompletableFuture<R> start() {
      return Completions.start(handler.requestor, method, args);
    }

    String describe() {
      return handler.describe(method);
    }
  }

  /** Records the calls made on the stand-in; returns default values. */
  private static final class Recorder implements InvocationHandler {
    private final List<Method> methods = new ArrayList<>(1);
    private Object[] args;

    @Override
    public synchronized Object invoke(Object standIn, Method method, Object[] args) {
      methods.add(method);
      if (methods.size() == 1) {
        this.args = args == null ? null : args.clone();
      }
      return PRIMITIVE_DEFAULTS.get(method.getReturnType());
    }

    synchronized Method single(String operation) {
      if (methods.size() != 1) {
        throw new IllegalArgumentException("Invocations." + operation + ": the lambda made "
            + (methods.isEmpty() ? "no call" : methods.size() + " calls (" + names() + ")")
            + " on its argument; it must make exactly one remote method call on it, such as"
            + " Invocations." + operation + "(proxy, p -> p.method(arguments))");
      }
      return methods.get(0);
    }

    synchronized Object[] args() {
      return args;
    }

    private String names() {
      return String.join(", ", methods.stream().map(Method::getName).toList());
    }
  }
}
