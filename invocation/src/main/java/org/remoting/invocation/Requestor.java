package org.remoting.invocation;

import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Sends invocations of remote methods to one target object: the client-side "requestor" of
 * Remoting Patterns. A client proxy forwards every remote method call to its requestor, in the
 * call's style ({@link CallStyle}); the transport binding (gRPC, in {@code remoting-runtime})
 * implements it.
 *
 * <p>{@code args} are always the <em>wire</em> arguments, which are the Java arguments except
 * the trailing {@link org.remoting.ResultCallback} of a callback-style method ({@link
 * DeclaredStyle#wireArguments}), or {@code null} when there are none. The result is that of the
 * method's synchronous twin ({@link DeclaredStyle#resultType()}): a callback-style or
 * poll-object method's result, not a callback or a {@code PollObject}.
 *
 * <p>Failures have the types a synchronous call throws: an exception the method declares, or an
 * unchecked {@link org.remoting.RemotingException}. Asynchronous methods report them through
 * their future, never by throwing; a proxy treats one they throw anyway like a failed future.
 *
 * <p>Implementations are thread-safe: one proxy may be called from many threads at once.
 */
public interface Requestor {
  /**
   * Invokes {@code method} remotely and blocks until the result or an error arrives.
   *
   * @param method a remote method of the proxy's interface
   * @param args the wire arguments, or {@code null} when the method takes none
   * @return the result, or {@code null} for a {@code void} method
   * @throws Throwable an exception the method declares, or an unchecked
   *     {@link org.remoting.RemotingException} describing a transport or remote failure
   */
  Object invoke(Method method, Object[] args) throws Throwable;

  /**
   * Starts invoking {@code method} remotely and returns at once, without waiting for the server.
   *
   * <p>The future completes with the result ({@code null} for no result), or exceptionally with
   * the exception a synchronous call would throw. It may complete on a transport thread: callers
   * that run user code on completion move to {@link #callbackExecutor()} first. Cancelling the
   * future (or completing it by other means) before the result arrives cancels the remote call.
   *
   * @param args the wire arguments, or {@code null} when there are none
   */
  CompletableFuture<Object> invokeAsync(Method method, Object[] args);

  /**
   * Invokes {@code method} remotely in the "sync with server" style: the future completes (with
   * {@code null}) as soon as the server has accepted the call, which means the target object
   * was found, the arguments were decoded and the call was queued for its servant; the method
   * runs after that. It fails with the exception a synchronous call would throw for any error
   * before acceptance (unknown object, bad arguments, servant busy, server unreachable,
   * deadline). What happens after acceptance, including the method's own failure, is not
   * reported.
   *
   * @param args the wire arguments, or {@code null} when there are none
   */
  CompletableFuture<Void> invokeAcknowledged(Method method, Object[] args);

  /**
   * Invokes {@code method} remotely in the "fire and forget" style: returns once the call is
   * handed to the transport, without waiting for the server, and never reports a remote or
   * transport failure (implementations log them at DEBUG). A result, if the method has one, is
   * discarded.
   *
   * @param args the wire arguments, or {@code null} when there are none
   * @throws IllegalArgumentException if an argument cannot be encoded (such as a {@code null}
   *     list element); implementations may instead drop such a call and log it
   */
  void invokeOneWay(Method method, Object[] args);

  /**
   * Where {@link org.remoting.ResultCallback}s and the user's continuations of asynchronous
   * calls run. Never a transport thread, so a slow or blocking callback cannot stall the
   * transport.
   */
  Executor callbackExecutor();
}
