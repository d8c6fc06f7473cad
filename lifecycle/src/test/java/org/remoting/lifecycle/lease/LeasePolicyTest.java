package org.remoting.lifecycle.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LeasePolicyTest {
  private static final Duration S30 = Duration.ofSeconds(30);

  @Test
  void acceptsSensibleValues() {
    LeasePolicy policy = new LeasePolicy(S30, S30, Duration.ZERO);
    assertEquals(S30, policy.maxDuration());
    assertEquals(new LeasePolicy(S30, S30, Duration.ofMinutes(10)), LeasePolicy.of(S30));
    assertEquals(Duration.ofMinutes(10), LeasePolicy.DEFAULT.maxDuration());
  }

  @Test
  void rejectsBadValuesWithClearMessages() {
    assertEquals(
        "lease duration must be > 0, got PT0S",
        assertThrows(
                IllegalArgumentException.class,
                () -> new LeasePolicy(Duration.ZERO, S30, S30))
            .getMessage());
    assertEquals(
        "lease duration must be > 0, got PT-1S",
        assertThrows(IllegalArgumentException.class, () -> LeasePolicy.of(Duration.ofSeconds(-1)))
            .getMessage());
    assertEquals(
        "lease max-duration must be >= duration (PT30S), got PT10S",
        assertThrows(
                IllegalArgumentException.class,
                () -> new LeasePolicy(S30, Duration.ofSeconds(10), S30))
            .getMessage());
    assertEquals(
        "lease expired-memory must be >= 0, got PT-0.001S",
        assertThrows(
                IllegalArgumentException.class,
                () -> new LeasePolicy(S30, S30, Duration.ofMillis(-1)))
            .getMessage());
    assertEquals(
        "maxDuration",
        assertThrows(NullPointerException.class, () -> new LeasePolicy(S30, null, S30))
            .getMessage());
  }
}
