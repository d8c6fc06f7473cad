package org.remoting.runtime.internal.lease;

import java.util.List;

/**
 * Objects of one leased service.
 *
 * @param service the gRPC service name, such as {@code demo.Cart}
 * @param objectIds the objects' ids
 */
public record LeaseGroup(String service, List<String> objectIds) {}
