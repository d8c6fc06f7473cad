/**
 * Transport-agnostic servant lifecycle managers: static, lazy, per-request and pooled, with
 * shared or serialized concurrency. Knows nothing of gRPC; every time-based behaviour reads an
 * injected {@link org.remoting.time.Ticker} and schedules on an injected
 * {@link org.remoting.time.Scheduler}. Create managers with
 * {@link org.remoting.lifecycle.LifecycleManagers#create}.
 */
package org.remoting.lifecycle;
