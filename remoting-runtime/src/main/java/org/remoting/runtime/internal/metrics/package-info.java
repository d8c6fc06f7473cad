/**
 * Micrometer meters of servers and clients: call timers, lifecycle gauges and counters, state
 * store timers. Every meter name is defined in {@link
 * org.remoting.runtime.internal.metrics.ServerMetrics} or {@link
 * org.remoting.runtime.internal.metrics.ClientMetrics} and listed in {@code
 * docs/observability.md}. Internal: may change at any time.
 */
package org.remoting.runtime.internal.metrics;
