package org.remoting.runtime.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.remoting.OneWay;
import org.remoting.Remote;
import org.remoting.invocation.Invocations;
import org.remoting.runtime.RemotingServer;

/**
 * When the ordered one-way stream breaks, the calls the server had received but not started are
 * dropped (the client has failed their acknowledgements), so they never run after, or beside,
 * the calls the client sends on its next stream. Over Netty on loopback.
 */
class OneWayStreamBreakTest {
  /** Records the one-way calls it runs, in order; each takes 50 ms. */
  @Remote("test.Sequence")
  public interface Sequence {
    @OneWay
    void add(int value);

    List<Integer> seen();
  }

  /** The servant: one shared instance. */
  public static final class SequenceServant implements Sequence {
    private final List<Integer> seen = new ArrayList<>();

    @Override
    public void add(int value) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (seen) {
        seen.add(value);
      }
    }

    @Override
    public List<Integer> seen() {
      synchronized (seen) {
        return new ArrayList<>(seen);
      }
    }
  }

  private static final ClientConnection.Settings SETTINGS =
      TestSettings.withDeadline(Duration.ofSeconds(10));

  @Test
  void callsQueuedOnABrokenStreamDoNotRunAfterTheNextStreamsCalls() throws Exception {
    SequenceServant servant = new SequenceServant();
    RemotingServer server =
        RemotingServer.builder()
            .port(0)
            .config(ConfigFactory.parseString("remoting.server.host = \"127.0.0.1\""))
            .export(Sequence.class, SequenceServant.class, () -> servant)
            .build()
            .start();
    ClientConnection client = ClientConnection.open("127.0.0.1:" + server.port(), SETTINGS);
    try {
      Sequence sequence = client.proxy(Sequence.class, null, null);
      for (int i = 1; i <= 20; i++) {
        sequence.add(i); // 1 s of work queued in one lane
      }
      awaitSeen(servant, 1);

      client.oneWay().cancelForTest("a broken connection, as a test stands for it");
      Invocations.syncWithServer(sequence, s -> s.add(100)); // on a new stream
      List<Integer> soon = awaitContains(servant, 100);
      Thread.sleep(300); // six calls' time: an old call left queued would have run by now

      List<Integer> seen = servant.seen();
      assertEquals(soon, seen, "nothing ran after 100");
      assertEquals(100, seen.get(seen.size() - 1));
      assertTrue(seen.size() <= 4, "the queued calls were dropped: " + seen);
    } finally {
      client.close();
      server.close();
    }
  }

  private static void awaitSeen(SequenceServant servant, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (servant.seen().size() < count && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  private static List<Integer> awaitContains(SequenceServant servant, int value)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!servant.seen().contains(value) && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    List<Integer> seen = servant.seen();
    assertTrue(seen.contains(value), "never ran " + value + ": " + seen);
    return seen;
  }
}
