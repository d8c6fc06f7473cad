package org.remoting.runtime.internal.schema;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import java.lang.reflect.Method;
import org.remoting.invocation.CallStyle;
import org.remoting.invocation.DeclaredStyle;

/**
 * The wire form of one remote method: its gRPC name, its request and response message types,
 * and the codecs that read and write them. Immutable.
 *
 * <p>A method declared asynchronous has the wire form of its synchronous twin ({@link
 * #declaredStyle()}): {@code PollObject<T> m(A a)}, {@code CompletableFuture<T> m(A a)}, {@code
 * CompletionStage<T> m(A a)} and {@code void m(A a, ResultCallback<T> cb)} all have the request
 * and response of {@code T m(A a)} ({@code T = Void}: of {@code void m(A a)}). So the codecs deal
 * in <em>wire</em> arguments and results, which differ from the Java ones in two cases that the
 * server must bridge when it invokes a servant:
 *
 * <ul>
 *   <li>{@link org.remoting.invocation.CallStyle#CALLBACK}: the request holds the first {@link
 *       #wireParameterCount()} arguments; the servant's Java method takes one more, the
 *       {@code ResultCallback}, and the response is what the servant passes to it.
 *   <li>{@link org.remoting.invocation.CallStyle#POLL_OBJECT} and {@link
 *       org.remoting.invocation.CallStyle#FUTURE}: the servant returns a {@code PollObject} or a
 *       {@code CompletionStage}; the response is its result ({@code null} for {@code Void}).
 * </ul>
 *
 * <p>{@code @OneWay} methods ({@link org.remoting.invocation.CallStyle#ONE_WAY}) have the wire
 * form of a plain {@code void} method; one-way is a client-side style.
 */
public final class MethodSchema {
  private final Method method;
  private final DeclaredStyle declaredStyle;
  private final String fullMethodName;
  private final MethodDescriptor descriptor;
  private final MessageCodec<Object[]> requestCodec;
  private final MessageCodec<Object> responseCodec;

  public MethodSchema(
      Method method,
      DeclaredStyle declaredStyle,
      String fullMethodName,
      MethodDescriptor descriptor,
      MessageCodec<Object[]> requestCodec,
      MessageCodec<Object> responseCodec) {
    this.method = requireNonNull(method, "method");
    this.declaredStyle = requireNonNull(declaredStyle, "declaredStyle");
    if (declaredStyle.method() != method) {
      throw new IllegalArgumentException(declaredStyle + " is not the style of " + method);
    }
    this.fullMethodName = requireNonNull(fullMethodName, "fullMethodName");
    this.descriptor = requireNonNull(descriptor, "descriptor");
    this.requestCodec = requireNonNull(requestCodec, "requestCodec");
    this.responseCodec = requireNonNull(responseCodec, "responseCodec");
  }

  /** The Java method. */
  public Method method() {
    return method;
  }

  /**
   * The call style the Java method declares, and so how its Java arguments and result relate to
   * the wire ones: see the class comment.
   */
  public DeclaredStyle declaredStyle() {
    return declaredStyle;
  }

  /** {@code declaredStyle().style()}. */
  public CallStyle callStyle() {
    return declaredStyle.style();
  }

  /**
   * How many of the Java method's arguments are sent: the length of the array that {@link
   * #requestCodec()} reads and writes. The parameter count, except for a {@link
   * CallStyle#CALLBACK} method, whose trailing {@code ResultCallback} is not sent.
   */
  public int wireParameterCount() {
    return declaredStyle.wireParameterCount();
  }

  /** The method's name on the wire: its {@code @MethodName}, or its Java name. */
  public String name() {
    return descriptor.getName();
  }

  /** The gRPC full method name, {@code service/method}. */
  public String fullMethodName() {
    return fullMethodName;
  }

  /** The protobuf method descriptor, inside its service descriptor. */
  public MethodDescriptor descriptor() {
    return descriptor;
  }

  public Descriptor requestType() {
    return descriptor.getInputType();
  }

  public Descriptor responseType() {
    return descriptor.getOutputType();
  }

  /**
   * Codec for the wire arguments ({@link #wireParameterCount()} of them): field i+1 is parameter
   * i. A null array means no arguments.
   */
  public MessageCodec<Object[]> requestCodec() {
    return requestCodec;
  }

  /**
   * Codec for the wire result, {@link DeclaredStyle#resultType()}: field 1 (absent for {@code
   * void} and for {@code null}).
   */
  public MessageCodec<Object> responseCodec() {
    return responseCodec;
  }

  @Override
  public String toString() {
    return fullMethodName;
  }
}
