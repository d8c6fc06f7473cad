package org.remoting.runtime.internal.wire;

/**
 * One call on the ordered one-way stream ({@link OneWayProtocol}): a fire-and-forget or
 * sync-with-server call, in the order the client sent it.
 *
 * @param method the gRPC full method name, {@code service/method}
 * @param objectId the target object's id, or {@code null} for the service's default object
 * @param request the encoded request message
 * @param acknowledge whether the server answers with a {@link OneWayAck} once it accepted the
 *     call (sync-with-server)
 * @param sequence the client's number for this call, echoed in the acknowledgement
 * @param timeoutMillis how long the server may wait for a servant instance (the client's
 *     deadline); 0 means no limit beyond the servant's own (a pool's max-wait)
 */
public record OneWayEnvelope(
    String method,
    String objectId,
    byte[] request,
    boolean acknowledge,
    long sequence,
    long timeoutMillis) {}
