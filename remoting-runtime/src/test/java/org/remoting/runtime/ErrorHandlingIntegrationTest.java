package org.remoting.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.remoting.DeadlineExceededException;
import org.remoting.ObjectNotFoundException;
import org.remoting.RemoteInvocationException;
import org.remoting.ServerUnreachableException;
import org.remoting.invocation.Invocations;

/** Failures seen by a client: each gives a clear error, and the server keeps serving. */
class ErrorHandlingIntegrationTest {
  @RegisterExtension final RemotingCleanup cleanup = new RemotingCleanup();

  private final BankServant servant = new BankServant();
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  private RemotingCleanup.Started startBank(Transport transport) throws Exception {
    return cleanup.start(transport, b -> b.export(Bank.class, BankServant.class, () -> servant));
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void declaredExceptionIsRethrownAsItself(Transport transport) throws Exception {
    Bank bank = cleanup.client(startBank(transport)).lookup(Bank.class);
    Bank.InsufficientFundsException e =
        assertThrows(Bank.InsufficientFundsException.class, () -> bank.withdraw(500));
    assertEquals("balance 100 is less than 500", e.getMessage());
    assertEquals(70, bank.withdraw(30));
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void undeclaredExceptionBecomesRemoteInvocationExceptionWithoutStackTrace(Transport transport)
      throws Exception {
    Bank bank = cleanup.client(startBank(transport)).lookup(Bank.class);
    RemoteInvocationException e =
        assertThrows(RemoteInvocationException.class, () -> bank.fail("näive: out of order"));
    assertEquals("java.lang.IllegalStateException", e.remoteType());
    assertEquals("UNKNOWN", e.status());
    assertTrue(e.getMessage().contains("näive: out of order"), e.getMessage());
    assertFalse(e.getMessage().contains("BankServant"), "no server stack trace: " + e.getMessage());
    assertNull(e.getCause(), "nothing from the server's stack");
    assertEquals(100, bank.balance(), "server keeps serving");
  }

  @Test // a network limit: gRPC's in-process transport does not frame messages
  void oversizeRequestGetsResourceExhaustedAndTheNextCallWorks() throws Exception {
    RemotingCleanup.Started started =
        cleanup.start(
            Transport.NETTY,
            b ->
                b.config(
                        ConfigFactory.parseString(
                            "remoting.server.max-inbound-message-size = 64KiB"))
                    .export(Bank.class, BankServant.class, () -> servant));
    Bank bank = cleanup.client(started).lookup(Bank.class);
    RemoteInvocationException e =
        assertThrows(RemoteInvocationException.class, () -> bank.fail("x".repeat(100_000)));
    assertEquals("RESOURCE_EXHAUSTED", e.status(), e.getMessage());
    assertEquals(100, bank.balance(), "the next call works");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void longExceptionMessagesAreCutNotLost(Transport transport) throws Exception {
    Bank bank = cleanup.client(startBank(transport)).lookup(Bank.class);
    RemoteInvocationException e =
        assertThrows(RemoteInvocationException.class, () -> bank.fail("é".repeat(5_000)));
    assertEquals("java.lang.IllegalStateException", e.remoteType());
    assertTrue(e.getMessage().contains("éééé"), e.getMessage());
    assertTrue(e.getMessage().contains("(5000 characters)"), e.getMessage());
    assertEquals(100, bank.balance());
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void unknownObjectIdGivesObjectNotFoundAndServerKeepsServing(Transport transport)
      throws Exception {
    RemotingClient client = cleanup.client(startBank(transport));
    Bank missing = client.lookup(Bank.class, "acct-404");
    ObjectNotFoundException e = assertThrows(ObjectNotFoundException.class, missing::balance);
    assertTrue(e.getMessage().contains("acct-404"), e.getMessage());
    assertTrue(e.getMessage().contains("test.Bank"), e.getMessage());
    assertEquals(100, client.lookup(Bank.class).balance());
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void malformedRequestFromRawGrpcClientGetsInvalidArgument(Transport transport)
      throws Exception {
    RemotingCleanup.Started started = startBank(transport);
    ManagedChannel channel = cleanup.rawChannel(started);
    MethodDescriptor<byte[], byte[]> withdraw = RawBytes.unary("test.Bank/withdraw");
    byte[][] garbage = {
      {(byte) 0xff, (byte) 0xff, (byte) 0xff}, // truncated varint tag
      {0x08}, // field 1 varint, value missing
      {0x0a, 0x05, 0x01}, // field 1 as length-delimited, length past the end
    };
    for (byte[] body : garbage) {
      StatusRuntimeException e =
          assertThrows(
              StatusRuntimeException.class,
              () -> ClientCalls.blockingUnaryCall(channel, withdraw, CallOptions.DEFAULT, body));
      assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.toString());
      assertTrue(e.getStatus().getDescription().contains("test.Bank/withdraw"), e.toString());
    }
    MethodDescriptor<byte[], byte[]> unknown = withdraw.toBuilder().setFullMethodName("test.Bank/nope").build();
    StatusRuntimeException e =
        assertThrows(
            StatusRuntimeException.class,
            () -> ClientCalls.blockingUnaryCall(channel, unknown, CallOptions.DEFAULT, new byte[0]));
    assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
    Bank bank = cleanup.client(started).lookup(Bank.class);
    assertEquals(100, bank.balance(), "server keeps serving, state untouched");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void malformedOneWayEnvelopeEndsTheStreamWithInvalidArgument(Transport transport)
      throws Exception {
    RemotingCleanup.Started started = startBank(transport);
    ManagedChannel channel = cleanup.rawChannel(started);
    MethodDescriptor<byte[], byte[]> deliver =
        MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
            .setFullMethodName("remoting.OneWay/Deliver")
            .setRequestMarshaller(RawBytes.INSTANCE)
            .setResponseMarshaller(RawBytes.INSTANCE)
            .build();
    CompletableFuture<Status> ended = new CompletableFuture<>();
    StreamObserver<byte[]> stream =
        ClientCalls.asyncBidiStreamingCall(
            channel.newCall(deliver, CallOptions.DEFAULT),
            new StreamObserver<byte[]>() {
              @Override
              public void onNext(byte[] ack) {}

              @Override
              public void onError(Throwable t) {
                ended.complete(Status.fromThrowable(t));
              }

              @Override
              public void onCompleted() {
                ended.complete(Status.OK);
              }
            });
    stream.onNext(new byte[] {0x0f}); // field 1 with wire type 7: no such wire type
    stream.onCompleted();
    Status status = ended.get(10, TimeUnit.SECONDS);
    assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode(), status.toString());
    assertTrue(status.getDescription().contains("malformed one-way envelope"), status.toString());
    Bank bank = cleanup.client(started).lookup(Bank.class);
    assertEquals(100, bank.balance(), "server keeps serving");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void deadlineFromConfigAndPerProxy(Transport transport) throws Exception {
    RemotingCleanup.Started started = startBank(transport);
    RemotingClient client =
        cleanup.register(
            RemotingClient.builder()
                .target(started.target())
                .config(ConfigFactory.parseString("remoting.client.deadline = 150ms"))
                .build());
    Bank bank = client.lookup(Bank.class);
    assertEquals(Duration.ofMillis(150), Remoting.deadline(bank));
    DeadlineExceededException e =
        assertThrows(DeadlineExceededException.class, () -> bank.slow(1_000, 1));
    assertTrue(e.getMessage().contains("test.Bank/slow"), e.getMessage());
    Bank patient = Remoting.withDeadline(bank, Duration.ofSeconds(5));
    assertEquals(7, patient.slow(300, 7));
  }

  @Test
  void unreachableServerGivesServerUnreachable() throws Exception {
    int freePort;
    try (ServerSocket socket = new ServerSocket(0)) {
      freePort = socket.getLocalPort();
    }
    RemotingClient client = cleanup.register(RemotingClient.connect("127.0.0.1:" + freePort));
    ServerUnreachableException e =
        assertThrows(ServerUnreachableException.class, () -> client.lookup(Bank.class).balance());
    assertTrue(e.getMessage().contains("127.0.0.1:" + freePort), e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void failingServantFactoryIsReportedAndServerKeepsServing(Transport transport) throws Exception {
    assertFactoryFailureIsReported(transport, new IllegalStateException("no database"));
  }

  /** A factory may fail with an {@link Error}, such as a class that failed to initialize. */
  @ParameterizedTest
  @EnumSource(Transport.class)
  void servantFactoryThrowingAnErrorIsReportedAndServerKeepsServing(Transport transport)
      throws Exception {
    assertFactoryFailureIsReported(
        transport, new NoClassDefFoundError("could not initialize no database"));
  }

  private void assertFactoryFailureIsReported(Transport transport, Throwable failure)
      throws Exception {
    RemotingCleanup.Started started =
        cleanup.start(
            transport,
            b ->
                b.config(ConfigFactory.parseString("remoting.servants.\"test.Work\".lifecycle = per-request"))
                    .export(Bank.class, BankServant.class, () -> servant)
                    .export(
                        Work.class,
                        WorkServant.class,
                        () -> {
                          if (failure instanceof Error error) {
                            throw error;
                          }
                          throw (RuntimeException) failure;
                        }));
    RemotingClient client = cleanup.client(started);
    RemoteInvocationException e =
        assertThrows(RemoteInvocationException.class, () -> client.lookup(Work.class).instance());
    assertEquals("INTERNAL", e.status());
    assertTrue(e.getMessage().contains("test.Work"), e.getMessage());
    assertTrue(e.getMessage().contains("no database"), e.getMessage());
    RemoteInvocationException acknowledged =
        assertThrows(
            RemoteInvocationException.class,
            () -> Invocations.syncWithServer(client.lookup(Work.class), Work::instance));
    assertEquals("INTERNAL", acknowledged.status());
    assertTrue(acknowledged.getMessage().contains("no database"), acknowledged.getMessage());
    assertEquals(100, client.lookup(Bank.class).balance());
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void gracefulShutdownDrainsInFlightCallsAndRejectsNewOnes(Transport transport)
      throws Exception {
    RemotingCleanup.Started started = startBank(transport);
    Bank bank = cleanup.client(started).lookup(Bank.class);
    assertEquals(100, bank.balance());
    Future<Integer> inFlight = threads.submit(() -> bank.slow(500, 42));
    while (started.server().stats("test.Bank").inUse() == 0) {
      Thread.sleep(5);
    }
    started.server().shutdown(); // returns at once
    assertEquals(RemotingServer.State.STOPPING, started.server().state());
    // HTTP/2 graceful shutdown (GOAWAY, then a ping round trip) may still accept a call that
    // races with it; once it has gone out, new calls are rejected.
    assertTrue(rejectedWithin(bank, Duration.ofSeconds(5)), "new calls are rejected");
    assertEquals(42, inFlight.get(10, TimeUnit.SECONDS), "the in-flight call completed");
    assertTrue(started.server().awaitTermination(10, TimeUnit.SECONDS));
    assertEquals(RemotingServer.State.TERMINATED, started.server().state());
    assertEquals(1, servant.slowCallsFinished.get());
  }

  private static boolean rejectedWithin(Bank bank, Duration limit) throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < end) {
      try {
        bank.balance();
      } catch (ServerUnreachableException expected) {
        return true;
      }
      Thread.sleep(10);
    }
    return false;
  }
}
