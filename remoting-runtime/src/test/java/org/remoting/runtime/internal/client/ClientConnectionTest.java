package org.remoting.runtime.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.remoting.Remote;
import org.remoting.runtime.internal.schema.RemoteRef;

/** A client's connections to the peers that received references name. */
class ClientConnectionTest {
  /** A remote interface whose references the tests receive. */
  @Remote("test.Elsewhere")
  public interface Elsewhere {
    int value();
  }

  private static final ClientConnection.Settings SETTINGS =
      TestSettings.withDeadline(Duration.ofSeconds(5));

  /**
   * A reference to another server received while the client is being closed: the connection to
   * that peer is either closed with the client or never kept. Nothing connects (the peer is a
   * closed port, and no call is made), so each round is cheap; many rounds make the race likely.
   */
  @Test
  void aPeerOpenedWhileTheClientClosesIsClosedToo() throws Exception {
    ExecutorService receiver = Executors.newSingleThreadExecutor();
    try {
      for (int round = 0; round < 300; round++) {
        ClientConnection client = ClientConnection.open("127.0.0.1:1", SETTINGS);
        String peerTarget = "127.0.0.2:" + (2 + round % 2);
        CountDownLatch go = new CountDownLatch(1);
        Future<?> received =
            receiver.submit(
                () -> {
                  go.await();
                  try {
                    client.fromRef(
                        new RemoteRef(peerTarget, "", "test.Elsewhere", null),
                        Elsewhere.class,
                        "test.Elsewhere");
                  } catch (IllegalStateException closed) {
                    assertTrue(closed.getMessage().contains("is closed"), closed.getMessage());
                  }
                  return null;
                });
        go.countDown();
        client.close();
        received.get(10, TimeUnit.SECONDS);

        for (ClientConnection peer : client.peers()) {
          assertTrue(peer.isClosed(), "round " + round + ": a peer left open");
        }
      }
    } finally {
      receiver.shutdownNow();
    }
  }

  @Test
  void aReferenceToAnotherServerOpensOnePeerPerTarget() {
    ClientConnection client = ClientConnection.open("127.0.0.1:1", SETTINGS);
    try {
      for (int i = 0; i < 3; i++) {
        client.fromRef(
            new RemoteRef("127.0.0.2:2", "", "test.Elsewhere", null),
            Elsewhere.class,
            "test.Elsewhere");
      }
      assertEquals(1, client.peers().size());
    } finally {
      client.close();
    }
    assertTrue(client.peers().iterator().next().isClosed());
  }
}
