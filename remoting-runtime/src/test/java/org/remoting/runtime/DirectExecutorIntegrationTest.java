package org.remoting.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.remoting.InvalidConfigurationException;
import org.remoting.PollObject;
import org.remoting.invocation.Invocations;

/**
 * {@code remoting.servants."<service>".executor = direct}: the service's calls run on the thread
 * that delivers the request (over the network, the transport's event-loop thread; in the same
 * JVM, the caller's own thread for a synchronous call), while the other services keep the call
 * pool, where a method may block.
 */
class DirectExecutorIntegrationTest {
  private static final String NETTY_EVENT_LOOP_THREAD =
      "io.grpc.netty.shaded.io.netty.util.concurrent.FastThreadLocalThread";

  @RegisterExtension final RemotingCleanup cleanup = new RemotingCleanup();

  private final ThreadsServant servant = new ThreadsServant();

  private RemotingClient start(Transport transport) throws Exception {
    return cleanup.client(
        serve(
            transport,
            b -> b.export(DirectThreads.class, ThreadsServant.class, () -> servant)
                .export(PooledThreads.class, ThreadsServant.class, () -> servant),
            "test.DirectThreads"));
  }

  /** A server on {@code transport} exporting what {@code exports} does, those services direct. */
  private RemotingCleanup.Started serve(
      Transport transport,
      java.util.function.Consumer<RemotingServer.Builder> exports,
      String... directServices)
      throws Exception {
    StringBuilder config = new StringBuilder("remoting.server.host = \"127.0.0.1\"\n");
    for (String service : directServices) {
      config.append("remoting.servants.\"").append(service).append("\".executor = direct\n");
    }
    return cleanup.start(
        transport, b -> exports.accept(b.config(ConfigFactory.parseString(config.toString()))));
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aDirectServiceRunsOnTheDeliveringThreadAndTheOthersOnTheCallPool(Transport transport)
      throws Exception {
    RemotingClient client = start(transport);
    String direct = client.lookup(DirectThreads.class).thread();
    String pooled = client.lookup(PooledThreads.class).thread();

    Thread caller = Thread.currentThread();
    if (transport == Transport.NETTY) {
      assertTrue(direct.startsWith(NETTY_EVENT_LOOP_THREAD + "/"), direct);
    } else {
      assertEquals(caller.getClass().getName() + "/" + caller.getName(), direct);
    }
    assertTrue(pooled.contains("/remoting-server-call-"), pooled);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aBlockedPooledCallDoesNotHoldUpDirectCalls(Transport transport) throws Exception {
    RemotingClient client = start(transport);
    DirectThreads direct = client.lookup(DirectThreads.class);
    CompletableFuture<String> blocked =
        Invocations.future(client.lookup(PooledThreads.class), PooledThreads::gatedThread);

    for (int i = 0; i < 100; i++) {
      direct.thread();
    }
    assertFalse(blocked.isDone());
    servant.gate.countDown();
    assertTrue(blocked.get(10, TimeUnit.SECONDS).contains("/remoting-server-call-"));
  }

  /**
   * In the same JVM a direct servant runs on the thread that sends the call, so an asynchronous
   * call is sent from the client's callback executor: the caller still gets its poll object at
   * once, while the servant waits.
   */
  @ParameterizedTest
  @EnumSource(Transport.class)
  void anAsynchronousCallOfADirectServiceReturnsAtOnce(Transport transport) throws Exception {
    RemotingClient client = start(transport);
    PollObject<String> poll =
        Invocations.poll(client.lookup(DirectThreads.class), DirectThreads::gatedThread);

    assertFalse(poll.isAvailable());
    servant.gate.countDown();
    String thread = poll.getResult(Duration.ofSeconds(10));
    assertFalse(thread.endsWith("/" + Thread.currentThread().getName()), thread);
  }

  /** An asynchronous call made before {@code close()} is in flight: close lets it finish. */
  @Test
  void anAsynchronousInProcessCallMadeBeforeCloseCompletes() throws Exception {
    RemotingCleanup.Started started =
        serve(
            Transport.IN_PROCESS,
            b -> b.export(DirectThreads.class, ThreadsServant.class, () -> servant),
            "test.DirectThreads");
    for (int i = 0; i < 20; i++) {
      RemotingClient client = RemotingClient.connect(started.target());
      CompletableFuture<String> result =
          Invocations.future(client.lookup(DirectThreads.class), DirectThreads::thread);
      client.close();
      assertTrue(result.get(10, TimeUnit.SECONDS).contains("/"));
    }
  }

  /** The client sends an asynchronous call itself: its callback executor may be busy. */
  @ParameterizedTest
  @EnumSource(Transport.class)
  void aPollAwaitedOnASingleThreadedCallbackExecutorIsSent(Transport transport) throws Exception {
    RemotingCleanup.Started started =
        serve(
            transport,
            b -> b.export(DirectThreads.class, ThreadsServant.class, () -> servant),
            "test.DirectThreads");
    ExecutorService callbacks = Executors.newSingleThreadExecutor();
    try {
      RemotingClient client =
          cleanup.register(
              RemotingClient.builder()
                  .target(started.target())
                  .callbackExecutor(callbacks)
                  .build());
      DirectThreads proxy = client.lookup(DirectThreads.class);
      String thread =
          callbacks
              .submit(
                  () ->
                      Invocations.poll(proxy, DirectThreads::thread)
                          .getResult(Duration.ofSeconds(5)))
              .get(20, TimeUnit.SECONDS);
      assertTrue(thread.contains("/"), thread);
    } finally {
      callbacks.shutdownNow();
    }
  }

  /**
   * A direct service's method that returns a poll object runs on the call pool: the invoker waits
   * for the poll object, which must not hold up the transport thread.
   */
  @Test
  void aPollObjectMethodOfADirectServiceDoesNotHoldUpOtherCalls() throws Exception {
    RemotingCleanup.Started started =
        serve(
            Transport.NETTY,
            b -> b.export(SlowPoll.class, SlowPollServant.class,
                    () -> new SlowPollServant(Duration.ofSeconds(2)))
                .export(DirectThreads.class, ThreadsServant.class, () -> servant),
            "test.SlowPoll", "test.DirectThreads");
    RemotingClient client = cleanup.client(started);
    DirectThreads direct = client.lookup(DirectThreads.class);
    direct.thread();
    PollObject<String> slow = client.lookup(SlowPoll.class).later();
    Thread.sleep(200); // the server is now waiting for the servant's poll object

    long start = System.nanoTime();
    direct.thread();
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(millis < 1_000, "a direct call waited " + millis + " ms behind a poll object");
    assertEquals("done", slow.getResult(Duration.ofSeconds(10)));
  }

  /** Servant code reacting to a cancellation never runs on the transport thread. */
  @Test
  void aCancelledPollObjectIsCancelledOffTheTransportThread() throws Exception {
    SlowPollServant never = new SlowPollServant(null);
    RemotingCleanup.Started started =
        serve(
            Transport.NETTY,
            b -> b.export(SlowPoll.class, SlowPollServant.class, () -> never)
                .export(DirectThreads.class, ThreadsServant.class, () -> servant),
            "test.DirectThreads");
    PollObject<String> poll = cleanup.client(started).lookup(SlowPoll.class).later();
    Thread.sleep(300); // the server is now waiting for the servant's poll object
    poll.cancel();

    String thread = never.cancelledOn.get(10, TimeUnit.SECONDS);
    assertFalse(thread.startsWith(NETTY_EVENT_LOOP_THREAD), thread);
  }

  @Test
  void anUnknownExecutorIsRejectedNamingTheKeyAndTheAcceptedValues() {
    InvalidConfigurationException e =
        assertThrows(
            InvalidConfigurationException.class,
            () -> RemotingServer.builder()
                .inProcess("direct-executor-bad-config")
                .config(
                    ConfigFactory.parseString(
                        "remoting.servants.\"test.DirectThreads\".executor = fast"))
                .export(DirectThreads.class, ThreadsServant.class)
                .build());
    assertTrue(e.getMessage().contains("remoting.servants.\"test.DirectThreads\".executor"),
        e.getMessage());
    assertTrue(e.getMessage().contains("fast"), e.getMessage());
    assertTrue(e.getMessage().contains("[pool, direct]"), e.getMessage());
  }
}
