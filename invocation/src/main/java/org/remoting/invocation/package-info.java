/**
 * The transport-neutral client side: {@link org.remoting.invocation.ClientProxies client proxies}
 * that forward calls to a {@link org.remoting.invocation.Requestor}. Knows nothing of gRPC.
 */
package org.remoting.invocation;
