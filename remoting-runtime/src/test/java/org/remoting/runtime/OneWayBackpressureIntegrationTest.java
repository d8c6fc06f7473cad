package org.remoting.runtime;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.remoting.DeadlineExceededException;
import org.remoting.OneWay;
import org.remoting.Remote;
import org.remoting.invocation.Invocations;

/**
 * A sync-with-server call held back by flow control (the server is behind on the client's
 * one-way stream) keeps one deadline for the whole call: the wait for the stream and the wait
 * for the acknowledgement together. Over Netty on loopback.
 */
class OneWayBackpressureIntegrationTest {
  /** Takes what it is given, slowly once the gate opens. */
  @Remote("test.Sink")
  public interface Sink {
    @OneWay
    void put(byte[] data);
  }

  /** One shared instance: every call goes to one lane of the stream. */
  public static final class SinkServant implements Sink {
    final CountDownLatch gate = new CountDownLatch(1);

    @Override
    public void put(byte[] data) {
      try {
        gate.await(30, TimeUnit.SECONDS);
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  void aSyncWithServerCallHeldBackByFlowControlEndsByItsDeadline() throws Exception {
    SinkServant servant = new SinkServant();
    RemotingServer server =
        RemotingServer.builder()
            .port(0)
            .config(ConfigFactory.parseString("remoting.server.host = \"127.0.0.1\""))
            .export(Sink.class, SinkServant.class, () -> servant)
            .build()
            .start();
    try (RemotingClient client =
        RemotingClient.builder()
            .target("127.0.0.1:" + server.port())
            .deadline(Duration.ofSeconds(30))
            .build()) {
      Sink sink = client.lookup(Sink.class);
      byte[] data = new byte[8 * 1024];
      // The server queues 1,024 calls and stops reading; flow control then holds the sender
      // back, until the gate opens after 400 ms and the stream is ready again some 100 ms later.
      AtomicInteger sent = new AtomicInteger();
      Thread filler =
          new Thread(
              () -> {
                for (int i = 0; i < 1_400; i++) {
                  sink.put(data);
                  sent.incrementAndGet();
                }
              });
      filler.setDaemon(true);
      filler.start();
      int before;
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      do { // until the filler has sent more than the server queues, and is held back
        before = sent.get();
        Thread.sleep(200);
      } while ((before < 1_024 || sent.get() != before) && System.nanoTime() < giveUp);
      assertTrue(
          before >= 1_024 && before < 1_400, "the filler is held back after " + before + " calls");
      Thread opener =
          new Thread(
              () -> {
                try {
                  Thread.sleep(400);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                servant.gate.countDown();
              });
      opener.setDaemon(true);
      opener.start();
      Sink bounded = Remoting.withDeadline(sink, Duration.ofMillis(1_000));
      long start = System.nanoTime();

      // Its acknowledgement comes only after the calls before it, 1 ms each: over 1 s.
      assertThrows(
          DeadlineExceededException.class,
          () -> Invocations.syncWithServer(bounded, s -> s.put(data)));

      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(tookMillis < 1_000 + 300, "took " + tookMillis + " ms, the deadline is 1 s");
    } finally {
      servant.gate.countDown();
      server.shutdownNow();
    }
  }
}
