package org.remoting.runtime.internal.client;

import java.time.Duration;
import org.remoting.runtime.internal.config.ClientSettings;
import org.remoting.runtime.internal.metrics.ClientMetrics;
import org.remoting.time.Ticker;

/** Connection settings for tests: no retries, no TLS, no metrics, callbacks run in place. */
final class TestSettings {
  private TestSettings() {}

  static ClientConnection.Settings withDeadline(Duration deadline) {
    return new ClientConnection.Settings(
        deadline,
        Runnable::run,
        Ticker.system(),
        null,
        false,
        new ClientSettings.RetryPolicy(1, Duration.ZERO),
        null,
        ClientMetrics.NONE);
  }
}
