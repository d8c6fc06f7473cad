package org.remoting.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
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
    RemotingCleanup.Started started =
        cleanup.start(
            transport,
            b -> b.config(
                    ConfigFactory.parseString(
                        "remoting.server.host = \"127.0.0.1\"\n"
                            + "remoting.servants.\"test.DirectThreads\".executor = direct"))
                .export(DirectThreads.class, ThreadsServant.class, () -> servant)
                .export(PooledThreads.class, ThreadsServant.class, () -> servant));
    return cleanup.client(started);
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
