package org.remoting.runtime.internal.config;

import java.time.Duration;

/**
 * Validated {@code remoting.client} settings.
 *
 * @param deadline the deadline of each call
 * @param preferInProcess whether a {@code host:port} target served by a server in this JVM is
 *     reached over the in-process transport
 */
public record ClientSettings(Duration deadline, boolean preferInProcess) {}
