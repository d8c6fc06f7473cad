package org.remoting.runtime;

import java.net.SocketAddress;

/**
 * A call as an {@link AccessPolicy} sees it: who calls (identity and address) and what (service,
 * method, object). Immutable; made by the server for each call it checks.
 *
 * @param identity the subject of the client's TLS certificate in RFC 2253 form, such as {@code
 *     CN=alice,O=Example}, when the client presented one that the server trusts ({@code
 *     remoting.server.tls.client-auth} {@code optional} or {@code require}); null otherwise
 * @param peer the client's address as the transport saw it (an {@code InetSocketAddress} over
 *     the network); may be null. Not an identity: it says where packets came from, not who sent
 *     them
 * @param service the gRPC service name, such as {@code demo.Calculator} or {@code
 *     remoting.Leases}
 * @param method the method's name on the wire, such as {@code add}
 * @param objectId the addressed object's id, or null for the service's default object
 */
public record AccessRequest(
    String identity, SocketAddress peer, String service, String method, String objectId) {}
