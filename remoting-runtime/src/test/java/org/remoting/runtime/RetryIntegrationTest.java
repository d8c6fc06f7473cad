package org.remoting.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.remoting.ServerUnreachableException;

/**
 * Retries only where safe: calls of {@code @Idempotent} methods are retried while the server is
 * unreachable; other calls run at most once, counted on the server.
 */
class RetryIntegrationTest {
  private final AtomicReference<RemotingServer> server = new AtomicReference<>();
  private final TallyServant tally = new TallyServant();
  private int port;
  private RemotingClient client;

  /** The servant outlives server restarts, so its counts are the server's whole history. */
  final class TallyServant implements Tally {
    final AtomicInteger count = new AtomicInteger();
    final AtomicInteger increments = new AtomicInteger();
    final AtomicInteger readRuns = new AtomicInteger();

    @Override
    public int count() {
      return count.get();
    }

    @Override
    public int increment() {
      increments.incrementAndGet();
      return count.incrementAndGet();
    }

    @Override
    public int incrementAndCrash() {
      increments.incrementAndGet();
      count.incrementAndGet();
      crash();
      return -1;
    }

    @Override
    public int readAndCrashOnce() {
      if (readRuns.incrementAndGet() == 1) {
        crash();
        restartLater(150);
      }
      return readRuns.get();
    }
  }

  /** Stops the server with this call in flight; returns once the call is surely cancelled. */
  private void crash() {
    server.get().shutdownNow();
    try {
      Thread.sleep(300); // the reply must not win the race with the cancellation
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private RemotingServer startServer() throws Exception {
    RemotingServer started =
        RemotingServer.builder()
            .port(port)
            .config(ConfigFactory.parseString(
                "remoting.server { host = \"127.0.0.1\", shutdown-timeout = 1s }"))
            .export(Tally.class, TallyServant.class, () -> tally)
            .build()
            .start();
    server.set(started);
    port = started.port();
    return started;
  }

  private void restartLater(long millis) {
    CompletableFuture.runAsync(
        () -> {
          try {
            server.get().awaitTermination(5, TimeUnit.SECONDS);
            startServer();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS));
  }

  private Tally connect() throws Exception {
    startServer();
    client =
        RemotingClient.builder()
            .target("127.0.0.1:" + port)
            .config(ConfigFactory.parseString(
                "remoting.client.retry { max-attempts = 8, backoff = 50ms }"))
            .build();
    return client.lookup(Tally.class);
  }

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
    if (server.get() != null) {
      server.get().close();
    }
  }

  @Test
  void anIdempotentCallIsRetriedUntilTheServerIsBack() throws Exception {
    Tally remote = connect();
    assertEquals(1, remote.increment());
    server.get().close();
    restartLater(200);

    assertEquals(1, remote.count(), "retried until the restarted server answered");
  }

  @Test
  void anIdempotentCallWhoseServerDiedMidCallRunsAgain() throws Exception {
    Tally remote = connect();
    assertEquals(2, remote.readAndCrashOnce(), "the first run's reply was lost; the retry ran");
    assertEquals(2, tally.readRuns.get());
  }

  @Test
  void otherCallsRunAtMostOnce() throws Exception {
    Tally remote = connect();
    // The stopped server cancels the call: the client cannot know whether it ran.
    assertThrows(org.remoting.RemotingException.class, remote::incrementAndCrash);
    assertEquals(1, tally.increments.get(), "ran once, not retried");

    server.get().awaitTermination(5, TimeUnit.SECONDS);
    long start = System.nanoTime();
    assertThrows(ServerUnreachableException.class, remote::increment);
    assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(50 + 1_000),
        "no backoff: tried once");
    startServer();
    assertEquals(1, remote.count());
    assertEquals(1, tally.increments.get(), "the increment to the stopped server never ran");
  }
}
