package org.remoting.runtime.internal.config;

import java.time.Duration;

/**
 * Validated {@code remoting.server} settings. {@link Duration#ZERO} turns {@code
 * maxConnectionIdle} and {@code maxConnectionAge} off; {@code maxRstFramesPerWindow} 0 turns the
 * reset limit off.
 */
public record ServerSettings(
    int port,
    String host,
    Duration shutdownTimeout,
    int maxInboundMessageSize,
    int maxInboundMetadataSize,
    boolean reflection,
    boolean health,
    int maxRstFramesPerWindow,
    Duration rstFramesWindow,
    Duration permitKeepAliveTime,
    boolean permitKeepAliveWithoutCalls,
    Duration maxConnectionIdle,
    Duration maxConnectionAge) {}
