package org.remoting.runtime.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
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
  /** Records the one-way calls it runs; the call of 1 waits until the test lets it finish. */
  @Remote("test.Sequence")
  public interface Sequence {
    @OneWay
    void add(int value);
  }

  /** The servant: one shared instance. */
  public static final class SequenceServant implements Sequence {
    final CountDownLatch firstStarted = new CountDownLatch(1);
    final CountDownLatch firstMayFinish = new CountDownLatch(1);
    private final List<Integer> seen = new ArrayList<>();

    @Override
    public void add(int value) {
      try {
        if (value == 1) {
          firstStarted.countDown();
          firstMayFinish.await(10, TimeUnit.SECONDS);
        } else {
          Thread.sleep(5);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (seen) {
        seen.add(value);
      }
    }

    List<Integer> seen() {
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
        sequence.add(i); // 1 runs and waits; 2 to 20 queue behind it in its lane
      }
      assertTrue(servant.firstStarted.await(10, TimeUnit.SECONDS));

      client.oneWay().cancelForTest("a broken connection, as a test stands for it");
      Thread.sleep(500); // for the server to see the stream end (a loopback RST_STREAM)
      servant.firstMayFinish.countDown(); // 1 finishes: it was running when the stream broke
      Invocations.syncWithServer(sequence, s -> s.add(100)); // on a new stream
      awaitContains(servant, 100);
      Thread.sleep(300); // 60 calls' time: a call left queued on the old stream would have run

      List<Integer> seen = servant.seen();
      assertEquals(List.of(1, 100), seen.stream().sorted().toList(), "2 to 20 were dropped");
    } finally {
      client.close();
      server.close();
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
