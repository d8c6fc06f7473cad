package org.remoting.runtime.internal.wire;

/**
 * The server's answer to an acknowledged {@link OneWayEnvelope}: accepted ({@code code} "OK"), or
 * the failure that stopped the call before acceptance, carrying what a unary call's status and
 * trailers would.
 *
 * @param sequence the envelope's sequence number
 * @param code the gRPC status code name
 * @param description the status description, or null
 * @param kind the {@link Failures.Kind} name, or null
 */
public record OneWayAck(long sequence, String code, String description, String kind) {}
