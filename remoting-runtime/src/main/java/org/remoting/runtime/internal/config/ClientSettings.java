package org.remoting.runtime.internal.config;

import java.time.Duration;

/**
 * Validated {@code remoting.client} settings.
 *
 * @param deadline the deadline of each call
 * @param preferInProcess whether a {@code host:port} target served by a server in this JVM is
 *     reached over the in-process transport
 * @param retry how calls of idempotent methods are retried
 */
public record ClientSettings(Duration deadline, boolean preferInProcess, RetryPolicy retry) {

  /**
   * How calls of {@code @Idempotent} methods are retried.
   *
   * @param maxAttempts attempts in all, at least 1 (1: no retry)
   * @param backoff the wait before the first retry; each later wait doubles
   */
  public record RetryPolicy(int maxAttempts, Duration backoff) {}
}
