package org.remoting.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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
  /** Restarts still to come: awaited before closing, so no restarted server outlives a test. */
  private final List<CompletableFuture<Void>> restarts = new CopyOnWriteArrayList<>();
  private final TallyServant tally = new TallyServant();
  private int port;
  private RemotingClient client;

  /** The servant outlives server restarts, so its counts are the server's whole history. */
  final class TallyServant implements Tally {
    final AtomicInteger count = new AtomicInteger();
    final AtomicInteger increments = new AtomicInteger();
    final AtomicInteger readRuns = new AtomicInteger();
    final AtomicInteger slowRuns = new AtomicInteger();

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

    @Override
    public int slowReadAndCrashOnce(int millis) {
      boolean first = slowRuns.incrementAndGet() == 1;
      try {
        Thread.sleep(first ? millis : 10L * millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (first) {
        crash();
        restartLater(50);
      }
      return slowRuns.get();
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
    restarts.add(CompletableFuture.runAsync(
        () -> {
          try {
            server.get().awaitTermination(5, TimeUnit.SECONDS);
            startServer();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS)));
  }

  private Tally connect() throws Exception {
    return connect(Duration.ofSeconds(30));
  }

  private Tally connect(Duration deadline) throws Exception {
    startServer();
    client =
        RemotingClient.builder()
            .target("127.0.0.1:" + port)
            .deadline(deadline)
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
    for (CompletableFuture<Void> restart : restarts) {
      restart.orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
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

  /** The retries share the call's deadline: the whole call takes no longer than it. */
  @Test
  void aRetriedCallEndsByItsDeadline() throws Exception {
    Tally remote = connect(Duration.ofMillis(1_000));
    long start = System.nanoTime();

    // The first run takes 600 ms, then its server dies and comes back some 350 ms later; a retry
    // that reaches it would take 6 s. Whether the retries find the server down or time out on
    // the slow run, the call ends by its deadline, not a deadline restarted for the retries.
    assertThrows(org.remoting.RemotingException.class, () -> remote.slowReadAndCrashOnce(600));

    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(tookMillis < 1_000 + 300, "took " + tookMillis + " ms");
  }

  /** An interrupt while waiting to retry ends the call as an interrupted blocking call does. */
  @Test
  void anInterruptBetweenRetriesEndsTheCallAndStaysSet() throws Exception {
    Tally remote = connect();
    server.get().close(); // and it does not come back: the client retries every 50, 100, ... ms
    Thread caller = Thread.currentThread();
    CompletableFuture<Void> interrupt =
        CompletableFuture.runAsync(
            caller::interrupt, CompletableFuture.delayedExecutor(400, TimeUnit.MILLISECONDS));
    try {
      org.remoting.RemotingException e =
          assertThrows(org.remoting.RemotingException.class, remote::count);
      assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept: " + e);
    } finally {
      interrupt.join();
      Thread.interrupted();
    }
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
