package org.remoting.invocation;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.remoting.InvalidRemoteInterfaceException;
import org.remoting.OneWay;
import org.remoting.PollObject;
import org.remoting.ResultCallback;

/**
 * The call style a remote method declares, and the shape of the call on the wire, which is that
 * of the method's synchronous twin:
 *
 * <table>
 *   <caption>Declared styles</caption>
 *   <tr><th>declaration</th><th>{@link #style()}</th><th>{@link #resultType()}</th>
 *       <th>{@link #wireParameterCount()}</th></tr>
 *   <tr><td>{@code @OneWay void log(String line)}</td><td>{@code ONE_WAY}</td>
 *       <td>{@code void}</td><td>1</td></tr>
 *   <tr><td>{@code PollObject<Report> report(String q)}</td><td>{@code POLL_OBJECT}</td>
 *       <td>{@code Report}</td><td>1</td></tr>
 *   <tr><td>{@code CompletableFuture<T> m(...)}, {@code CompletionStage<T> m(...)}</td>
 *       <td>{@code FUTURE}</td><td>{@code T}</td><td>all parameters</td></tr>
 *   <tr><td>{@code void quote(String s, ResultCallback<Double> cb)}</td><td>{@code CALLBACK}</td>
 *       <td>{@code Double}</td><td>1: the callback is not sent</td></tr>
 *   <tr><td>anything else, e.g. {@code int add(int a, int b)}</td><td>{@code SYNC}</td>
 *       <td>{@code int}</td><td>2</td></tr>
 * </table>
 *
 * <p>An asynchronous result type of {@code Void} ({@code PollObject<Void>}) is reported as
 * {@code void.class}: no result. The callback parameter may also be declared {@code
 * ResultCallback<? super T>}.
 *
 * <p>Pure reflection, shared by client proxies and the wire schema so that both accept and
 * reject the same declarations. Immutable and thread-safe.
 */
public final class DeclaredStyle {
  /** What the error messages say is accepted. */
  static final String ACCEPTED =
      "Accepted: a synchronous method; @OneWay on a void method that declares no checked"
          + " exceptions; a return type of exactly PollObject<T>, CompletableFuture<T> or"
          + " CompletionStage<T> with an exact type argument T (Void for no result); or a void"
          + " method whose last parameter, and only callback, is ResultCallback<T> (or"
          + " ResultCallback<? super T>).";

  private final Method method;
  private final CallStyle style;
  private final Type resultType;
  private final int wireParameterCount;

  private DeclaredStyle(Method method, CallStyle style, Type resultType, int wireParameterCount) {
    this.method = method;
    this.style = style;
    this.resultType = resultType;
    this.wireParameterCount = wireParameterCount;
  }

  /**
   * Whether {@code method} is a remote method of its interface: abstract, not static, default,
   * synthetic or bridge, and not a redeclared method of {@code Object}. The one rule that client
   * proxies and the wire schema share.
   */
  public static boolean isRemote(Method method) {
    return MethodStyles.isRemote(method);
  }

  /**
   * The declared style of {@code method}, an abstract method of a remote interface.
   *
   * @throws InvalidRemoteInterfaceException if the declaration mixes or misuses styles: {@code
   *     @OneWay} on a method that returns a value or declares checked exceptions, or together
   *     with an asynchronous return or a callback; a {@code ResultCallback} parameter that is not
   *     the last, or more than one, or with a non-{@code void} return; a raw or wildcard type
   *     argument of {@code PollObject}, {@code CompletableFuture}, {@code CompletionStage} or
   *     {@code ResultCallback}; another {@code Future}, {@code CompletionStage} or {@code
   *     PollObject} type. The message names the interface and the method and says what is
   *     accepted.
   */
  public static DeclaredStyle of(Method method) {
    requireNonNull(method, "method");
    Class<?>[] params = method.getParameterTypes();
    Type[] genericParams = method.getGenericParameterTypes();
    Class<?> returns = method.getReturnType();
    boolean oneWay = method.isAnnotationPresent(OneWay.class);

    var callbacks = new ArrayList<Integer>();
    for (int i = 0; i < params.length; i++) {
      if (ResultCallback.class.isAssignableFrom(params[i])) {
        callbacks.add(i);
      }
    }
    if (callbacks.size() > 1) {
      throw invalid(method, "it has " + callbacks.size() + " ResultCallback parameters (positions "
          + callbacks.stream().map(i -> String.valueOf(i + 1)).collect(Collectors.joining(", "))
          + "); a method takes at most one, as its last parameter");
    }
    boolean callback = !callbacks.isEmpty();
    if (callback && callbacks.get(0) != params.length - 1) {
      throw invalid(method, "its ResultCallback parameter is parameter " + (callbacks.get(0) + 1)
          + " of " + params.length + "; it must be the last parameter");
    }
    boolean asyncReturn = returns == PollObject.class || returns == CompletableFuture.class
        || returns == CompletionStage.class;
    if (!asyncReturn && (PollObject.class.isAssignableFrom(returns)
        || Future.class.isAssignableFrom(returns)
        || CompletionStage.class.isAssignableFrom(returns))) {
      throw invalid(method, "its return type " + returns.getName() + " is not supported; declare"
          + " exactly PollObject<T>, CompletableFuture<T> or CompletionStage<T>");
    }

    if (oneWay) {
      if (asyncReturn) {
        throw invalid(method, "@OneWay cannot be combined with the asynchronous return type "
            + method.getGenericReturnType().getTypeName() + "; a fire-and-forget call has no result");
      }
      if (callback) {
        throw invalid(method, "@OneWay cannot be combined with a ResultCallback parameter;"
            + " a fire-and-forget call has no result");
      }
      if (returns != void.class) {
        throw invalid(method, "@OneWay requires a void return type, not "
            + method.getGenericReturnType().getTypeName());
      }
      List<String> checked = checkedExceptions(method);
      if (!checked.isEmpty()) {
        throw invalid(method, "@OneWay methods cannot declare checked exceptions ("
            + String.join(", ", checked) + "); a fire-and-forget caller never receives them");
      }
      return new DeclaredStyle(method, CallStyle.ONE_WAY, void.class, params.length);
    }
    if (callback) {
      if (returns != void.class) {
        throw invalid(method, "a method with a ResultCallback parameter must return void, not "
            + method.getGenericReturnType().getTypeName() + "; its result goes to the callback");
      }
      Type type = genericParams[params.length - 1];
      if (params[params.length - 1] != ResultCallback.class) {
        throw invalid(method, "its callback parameter type " + type.getTypeName()
            + " is not supported; declare it as ResultCallback<T>");
      }
      Type result = typeArgument(method, type, true);
      return new DeclaredStyle(method, CallStyle.CALLBACK, result, params.length - 1);
    }
    if (asyncReturn) {
      Type result = typeArgument(method, method.getGenericReturnType(), false);
      CallStyle style = returns == PollObject.class ? CallStyle.POLL_OBJECT : CallStyle.FUTURE;
      return new DeclaredStyle(method, style, result, params.length);
    }
    return new DeclaredStyle(method, CallStyle.SYNC, method.getGenericReturnType(), params.length);
  }

  /** The {@code T} of {@code PollObject<T>} and the like; {@code Void} becomes {@code void}. */
  private static Type typeArgument(Method method, Type type, boolean lowerBoundAllowed) {
    if (!(type instanceof ParameterizedType p)) {
      throw invalid(method, "raw type " + type.getTypeName() + " is not supported; declare its"
          + " type argument, e.g. " + type.getTypeName() + "<String> (or <Void> for no result)");
    }
    Type arg = p.getActualTypeArguments()[0];
    if (arg instanceof WildcardType w) {
      Type[] lower = w.getLowerBounds();
      if (!lowerBoundAllowed || lower.length == 0) {
        throw invalid(method, "wildcard type argument in " + type.getTypeName() + " is not"
            + " supported; declare the exact type, e.g. "
            + ((Class<?>) p.getRawType()).getSimpleName() + "<String>");
      }
      arg = lower[0];
    }
    return arg == Void.class ? void.class : arg;
  }

  private static List<String> checkedExceptions(Method method) {
    var checked = new ArrayList<String>();
    for (Class<?> e : method.getExceptionTypes()) {
      if (!RuntimeException.class.isAssignableFrom(e) && !Error.class.isAssignableFrom(e)) {
        checked.add(e.getName());
      }
    }
    return checked;
  }

  private static InvalidRemoteInterfaceException invalid(Method method, String reason) {
    return new InvalidRemoteInterfaceException("Remote interface "
        + method.getDeclaringClass().getName() + ", method " + signature(method) + ": " + reason
        + ". " + ACCEPTED);
  }

  /** {@code quote(java.lang.String, org.remoting.ResultCallback<java.lang.Double>)}. */
  static String signature(Method method) {
    return method.getName() + Arrays.stream(method.getGenericParameterTypes())
        .map(Type::getTypeName)
        .collect(Collectors.joining(", ", "(", ")"));
  }

  /** The method. */
  public Method method() {
    return method;
  }

  /** The declared style. */
  public CallStyle style() {
    return style;
  }

  /**
   * The type of the result on the wire: the return type of a synchronous method (possibly
   * {@code void.class}), the {@code T} of an asynchronous one, or {@code void.class} for a
   * one-way method and for {@code T = Void}.
   */
  public Type resultType() {
    return resultType;
  }

  /**
   * How many of the method's parameters are sent: all of them, except the trailing {@code
   * ResultCallback} of a {@link CallStyle#CALLBACK} method. The first {@code
   * wireParameterCount()} Java parameters are the request's fields 1..n.
   */
  public int wireParameterCount() {
    return wireParameterCount;
  }

  /**
   * The arguments to send for a call with the Java arguments {@code args}: {@code args} itself,
   * or for a {@link CallStyle#CALLBACK} method a copy without the callback ({@code null} when
   * nothing is left).
   */
  public Object[] wireArguments(Object[] args) {
    if (style != CallStyle.CALLBACK) {
      return args;
    }
    return wireParameterCount == 0 ? null : Arrays.copyOf(args, wireParameterCount);
  }

  /**
   * The callback among the Java arguments of a call of a {@link CallStyle#CALLBACK} method.
   *
   * @throws IllegalStateException if the method is not callback style
   */
  public ResultCallback<?> callback(Object[] args) {
    if (style != CallStyle.CALLBACK) {
      throw new IllegalStateException(signature(method) + " has no ResultCallback parameter");
    }
    return (ResultCallback<?>) args[wireParameterCount];
  }

  @Override
  public String toString() {
    return method.getDeclaringClass().getSimpleName() + "." + signature(method) + ": " + style;
  }
}
