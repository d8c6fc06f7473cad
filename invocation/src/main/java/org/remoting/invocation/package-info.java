/**
 * The transport-neutral client side: {@link org.remoting.invocation.ClientProxies client proxies}
 * that forward calls to a {@link org.remoting.invocation.Requestor}, in the call style each
 * method declares ({@link org.remoting.invocation.DeclaredStyle}) or that the caller chooses per
 * call ({@link org.remoting.invocation.Invocations}). Knows nothing of gRPC.
 *
 * <p>Public API for applications: {@link org.remoting.invocation.Invocations}. The other public
 * types are the service-provider interface of transport bindings.
 */
package org.remoting.invocation;
