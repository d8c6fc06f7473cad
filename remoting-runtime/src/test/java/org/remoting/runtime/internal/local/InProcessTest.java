package org.remoting.runtime.internal.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.remoting.Remote;
import org.remoting.runtime.RemotingClient;
import org.remoting.runtime.RemotingServer;

/**
 * The shared in-process deadline timer is held by every in-process channel and server (and the
 * in-process alias of a network server), and its thread ends with the last of them, so that
 * closing every client and server leaves no thread behind.
 */
class InProcessTest {
  /** A service for these tests. */
  @Remote("test.Ping")
  public interface Ping {
    int ping(int value);
  }

  /** Echoes. */
  public static final class PingServant implements Ping {
    @Override
    public int ping(int value) {
      return value;
    }
  }

  @Test
  void anInProcessServerAndItsClientsHoldTheTimerUntilTheyAreClosed() throws Exception {
    int before = InProcess.holders();
    String name = "in-process-timer-" + UUID.randomUUID();
    RemotingServer server =
        RemotingServer.builder().inProcess(name).export(Ping.class, PingServant.class).build();
    try {
      assertEquals(before + 1, InProcess.holders(), "the server holds it from build()");
      server.start();
      try (RemotingClient client = RemotingClient.connect("in-process:" + name)) {
        assertEquals(7, client.lookup(Ping.class).ping(7));
        assertEquals(before + 2, InProcess.holders(), "and so does the client");
      }
      assertEquals(before + 1, InProcess.holders(), "closing the client released its hold");
    } finally {
      server.close();
    }
    assertEquals(before, InProcess.holders(), "terminating the server released its hold");
  }

  @Test
  void aNetworkServerHoldsTheTimerForItsInProcessAlias() throws Exception {
    int before = InProcess.holders();
    RemotingServer server =
        RemotingServer.builder()
            .port(0)
            .config(ConfigFactory.parseString("remoting.server.host = \"127.0.0.1\""))
            .export(Ping.class, PingServant.class)
            .build()
            .start();
    assertEquals(before + 1, InProcess.holders());
    server.close();
    assertEquals(before, InProcess.holders());
  }

  @Test
  void theLastReleaseEndsTheTimerThreadAndTheNextHoldStartsAnother() throws Exception {
    InProcess.SharedTimer shared = new InProcess.SharedTimer(); // not the JVM's: no other holders
    InProcess.Timer first = shared.hold();
    InProcess.Timer second = shared.hold();
    assertSame(first.executor(), second.executor(), "one timer for all");
    first.release();
    first.release(); // a second release of the same hold is a no-op
    assertEquals(1, shared.holders());
    assertFalse(second.executor().isShutdown(), "still held by the second");

    second.release();

    ExecutorService ended = (ExecutorService) second.executor();
    assertTrue(ended.awaitTermination(10, TimeUnit.SECONDS), "its thread ended");
    InProcess.Timer next = shared.hold();
    try {
      assertNotSame(ended, next.executor());
      assertFalse(next.executor().isShutdown());
    } finally {
      next.release();
    }
    assertTrue(
        ((ExecutorService) next.executor()).awaitTermination(10, TimeUnit.SECONDS),
        "and so did the next one's");
  }
}
