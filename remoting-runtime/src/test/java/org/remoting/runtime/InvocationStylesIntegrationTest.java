package org.remoting.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.remoting.ObjectNotFoundException;
import org.remoting.PollObject;
import org.remoting.RemoteInvocationException;
import org.remoting.ResultCallback;
import org.remoting.invocation.Invocations;

/** Every client invocation style, per call and declared, end to end over gRPC. */
class InvocationStylesIntegrationTest {
  @RegisterExtension final RemotingCleanup cleanup = new RemotingCleanup();

  private final StylesServant servant = new StylesServant();
  private RemotingClient client;

  private Styles start(Transport transport) throws Exception {
    RemotingCleanup.Started started =
        cleanup.start(transport, b -> b.export(Styles.class, StylesServant.class, () -> servant));
    client = cleanup.client(started);
    return client.lookup(Styles.class);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void fireAndForgetReturnsWhileTheServerMethodIsStillBlocked(Transport transport)
      throws Exception {
    Styles styles = start(transport);
    Invocations.fireAndForget(styles, s -> s.gatedRecord(7));
    awaitTrue(() -> servant.started.get() == 1, "the server method started");
    long start = System.nanoTime();
    Invocations.fireAndForget(styles, s -> s.gatedRecord(8)); // queued behind the blocked one
    assertTrue(
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 5_000,
        "returned without waiting for the blocked server method (its gate waits 10 s)");
    assertEquals(List.of(), servant.recorded, "which is still blocked");
    servant.gate.countDown();
    awaitTrue(() -> servant.recorded.equals(List.of(7, 8)), "then both ran, in order");
  }


  @ParameterizedTest
  @EnumSource(Transport.class)
  void declaredOneWayMethodIsFireAndForget(Transport transport) throws Exception {
    Styles styles = start(transport);
    styles.gatedLog("first"); // returns although the server method waits for the gate
    awaitTrue(() -> servant.started.get() == 1, "the one-way call arrived");
    assertEquals(List.of(), servant.lines);
    servant.gate.countDown();
    awaitTrue(() -> servant.lines.contains("first"), "and ran once the gate opened");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aSlowOneWayCallHoldsUpOnlyItsOwnTargetObject(Transport transport) throws Exception {
    BankServant bank = new BankServant();
    RemotingCleanup.Started started =
        cleanup.start(
            transport,
            b ->
                b.export(Styles.class, StylesServant.class, () -> servant)
                    .export(Bank.class, BankServant.class, () -> bank));
    RemotingClient client = cleanup.client(started);
    Styles styles = client.lookup(Styles.class);
    Invocations.syncWithServer(styles, s -> s.gatedRecord(1)); // accepted, then blocks its lane
    Invocations.syncWithServer(client.lookup(Bank.class), Bank::balance); // another object
    assertEquals(List.of(), servant.recorded, "the gated call is still running");
    servant.gate.countDown();
    awaitTrue(() -> servant.recorded.equals(List.of(1)), "the gated call finished");
  }

  @org.junit.jupiter.api.Test
  void syncWithServerToAnUnreachableServerFailsFast() throws Exception {
    int freePort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      freePort = socket.getLocalPort();
    }
    RemotingClient client = cleanup.register(RemotingClient.connect("127.0.0.1:" + freePort));
    Styles styles = client.lookup(Styles.class);
    long start = System.nanoTime();
    assertThrows(
        org.remoting.ServerUnreachableException.class,
        () -> Invocations.syncWithServer(styles, s -> s.gatedRecord(1)));
    assertTrue(
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 10_000,
        "failed fast, not at the 30 s deadline");
  }


  @ParameterizedTest
  @EnumSource(Transport.class)
  void syncWithServerReturnsOnAcceptanceBeforeTheSlowMethodFinishes(Transport transport)
      throws Exception {
    Styles styles = start(transport);
    Invocations.syncWithServer(styles, s -> s.gatedRecord(5)); // returns although gated
    assertEquals(List.of(), servant.recorded, "the method has not finished");
    servant.gate.countDown();
    awaitTrue(() -> servant.recorded.equals(List.of(5)), "the method ran after the ack");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void tenThousandFireAndForgetCallsThenASyncWithServerFenceArriveAllInOrder(Transport transport)
      throws Exception {
    Styles styles = start(transport);
    for (int i = 0; i < 10_000; i++) {
      int value = i;
      Invocations.fireAndForget(styles, s -> s.append(value));
    }
    Invocations.syncWithServer(styles, s -> s.append(-1)); // the fence
    List<Integer> received;
    synchronized (servant.appended) {
      received = new java.util.ArrayList<>(servant.appended);
    }
    assertTrue(received.size() >= 10_000, "all 10,000 ran before the fence: " + received.size());
    for (int i = 0; i < 10_000; i++) {
      assertEquals(i, received.get(i), "in order at " + i);
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void syncWithServerThrowsForAnUnknownObject(Transport transport) throws Exception {
    start(transport);
    Styles missing = client.lookup(Styles.class, "no-such-object");
    ObjectNotFoundException e =
        assertThrows(
            ObjectNotFoundException.class,
            () -> Invocations.syncWithServer(missing, s -> s.gatedRecord(1)));
    assertTrue(e.getMessage().contains("no-such-object"), e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void pollObjectIsNotAvailableUntilTheServerCompletes(Transport transport) throws Exception {
    Styles styles = start(transport);
    PollObject<Integer> poll = Invocations.poll(styles, s -> s.gatedAdd(1, 2));
    awaitTrue(() -> servant.started.get() == 1, "the server method started");
    assertFalse(poll.isAvailable());
    assertThrows(TimeoutException.class, () -> poll.getResult(Duration.ofMillis(50)));
    servant.gate.countDown();
    assertEquals(3, poll.getResult(Duration.ofSeconds(10)));
    assertTrue(poll.isAvailable());
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void declaredPollObjectAndFuture(Transport transport) throws Exception {
    Styles styles = start(transport);
    assertEquals(5, styles.polledAdd(2, 3).getResult(Duration.ofSeconds(10)));
    assertEquals("hello ann", styles.greet("ann").get(10, TimeUnit.SECONDS));
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void pollObjectRethrowsTheSameExceptionAsASyncCall(Transport transport) throws Exception {
    Styles styles = start(transport);
    PollObject<Integer> poll = Invocations.poll(styles, s -> s.fail("broken"));
    RemoteInvocationException e = assertThrows(RemoteInvocationException.class, poll::getResult);
    assertEquals("java.lang.IllegalStateException", e.remoteType());
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void resultCallbackRunsOnceOnTheCallbackExecutorNotATransportThread(Transport transport)
      throws Exception {
    Styles styles = start(transport);
    List<String> events = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(2);
    ResultCallback<Object> callback =
        ResultCallback.of(
            result -> {
              events.add(result + " on " + Thread.currentThread().getName());
              done.countDown();
            },
            error -> {
              events.add("error " + error);
              done.countDown();
            });
    Invocations.callback(styles, s -> s.add(20, 22), callback);
    styles.quote("ACME", ResultCallback.of(callback::onResult, callback::onError));
    assertTrue(done.await(10, TimeUnit.SECONDS));
    assertEquals(2, events.size(), events.toString());
    for (String event : events) {
      assertTrue(event.matches("(42|40\\.0) on remoting-callback-\\d+"), event);
    }
    Thread.sleep(100);
    assertEquals(2, events.size(), "each callback ran exactly once: " + events);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void cancellingAPollObjectCancelsTheCallOnTheServer(Transport transport) throws Exception {
    Styles styles = start(transport);
    PollObject<Integer> poll = Invocations.poll(styles, Styles::blockUntilCancelled);
    awaitTrue(() -> servant.started.get() == 1, "the server method started");
    assertTrue(poll.cancel());
    awaitTrue(() -> servant.cancellationsSeen.get() == 1, "the server saw the cancellation");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void cancellingAFutureCancelsTheCallOnTheServer(Transport transport) throws Exception {
    Styles styles = start(transport);
    CompletableFuture<Integer> future = Invocations.future(styles, Styles::blockUntilCancelled);
    awaitTrue(() -> servant.started.get() == 1, "the server method started");
    assertTrue(future.cancel(true));
    awaitTrue(() -> servant.cancellationsSeen.get() == 1, "the server saw the cancellation");
  }

  private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(5);
    }
  }
}
