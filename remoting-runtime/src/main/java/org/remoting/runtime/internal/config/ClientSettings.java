package org.remoting.runtime.internal.config;

import java.time.Duration;

/** Validated {@code remoting.client} settings. */
public record ClientSettings(Duration deadline) {}
