/**
 * The gRPC runtime: {@link org.remoting.runtime.RemotingServer} exports servants,
 * {@link org.remoting.runtime.RemotingClient} looks up proxies, {@link org.remoting.runtime.Remoting}
 * adjusts proxies, {@link org.remoting.runtime.AccessPolicy} authorizes calls. The only public
 * entry points of {@code remoting-runtime}; everything under
 * {@code org.remoting.runtime.internal} may change at any time.
 */
package org.remoting.runtime;
