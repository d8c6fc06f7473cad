package org.remoting.runtime.internal.config;

import java.time.Duration;

/** Validated {@code remoting.server} settings. */
public record ServerSettings(
    int port,
    String host,
    Duration shutdownTimeout,
    int maxInboundMessageSize,
    boolean reflection,
    boolean health) {}
