package org.remoting.invocation;

import java.lang.reflect.Method;

/**
 * Sends one invocation of a remote method to its target object and returns the result: the
 * client-side "requestor" of Remoting Patterns. A client proxy forwards every remote method call
 * to its requestor; the transport binding (gRPC, in {@code remoting-runtime}) implements it.
 *
 * <p>Implementations are thread-safe: one proxy may be called from many threads at once.
 */
@FunctionalInterface
public interface Requestor {
  /**
   * Invokes {@code method} remotely with {@code args} and blocks until the result or an error
   * arrives.
   *
   * @param method a remote method of the proxy's interface
   * @param args the arguments, or {@code null} when the method takes none
   * @return the result, or {@code null} for a {@code void} method
   * @throws Throwable an exception the method declares, or an unchecked
   *     {@link org.remoting.RemotingException} describing a transport or remote failure
   */
  Object invoke(Method method, Object[] args) throws Throwable;
}
