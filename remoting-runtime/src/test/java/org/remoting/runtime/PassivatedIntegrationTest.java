package org.remoting.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.remoting.runtime.Codecs.decode;
import static org.remoting.runtime.Codecs.encode;

import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.remoting.ObjectNotFoundException;
import org.remoting.runtime.internal.schema.SchemaCompiler;
import org.remoting.runtime.internal.wire.OneWayAck;
import org.remoting.runtime.internal.wire.OneWayEnvelope;
import org.remoting.runtime.internal.wire.OneWayProtocol;
import org.remoting.testing.FakeClock;

/** Passivated servants end to end: by id, passivated when idle, restored, across restarts. */
class PassivatedIntegrationTest {
  @RegisterExtension final RemotingCleanup cleanup = new RemotingCleanup();
  @TempDir Path dir;

  private final FakeClock clock = new FakeClock();

  private RemotingCleanup.Started start(Transport transport, String passivation)
      throws Exception {
    String config =
        "remoting.servants.\"test.Account\".passivation { dir = \""
            + dir.toString().replace("\\", "/")
            + "\", "
            + passivation
            + " }";
    return cleanup.start(
        transport,
        b ->
            b.config(ConfigFactory.parseString(config))
                .ticker(clock)
                .scheduler(clock)
                .export(Account.class, AccountServant.class));
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void idleObjectsArePassivatedAndReactivatedWithTheirState(Transport transport)
      throws Exception {
    RemotingCleanup.Started started = start(transport, "idle = 30s");
    RemotingClient client = cleanup.client(started);
    Account a = client.lookup(Account.class, "acct-a");
    Account b = client.lookup(Account.class, "acct-b");
    assertEquals(10, a.deposit(10));
    assertEquals(7, b.deposit(7));
    assertEquals(2, started.server().stats("test.Account").alive());
    clock.advance(Duration.ofSeconds(31));
    assertEquals(0, started.server().stats("test.Account").alive(), "both passivated");
    assertEquals(2, started.server().stats("test.Account").destroyed());
    assertEquals(15, a.deposit(5), "reactivated with its balance");
    assertEquals(7, b.balance());
  }

  @Test
  void aThousandAccountsSurviveAServerRestartOnTheSameFileStore() throws Exception {
    RemotingCleanup.Started first = start(Transport.NETTY, "idle = 30s");
    RemotingClient client = cleanup.client(first);
    for (int i = 0; i < 1_000; i++) {
      client.lookup(Account.class, "acct-" + i).deposit(i * 3L);
    }
    first.server().close(); // graceful: passivates every active object

    RemotingCleanup.Started second = start(Transport.NETTY, "idle = 30s");
    RemotingClient again = cleanup.client(second);
    for (int i = 0; i < 1_000; i++) {
      assertEquals(i * 3L, again.lookup(Account.class, "acct-" + i).balance(), "acct-" + i);
    }
  }

  @Test
  void shutdownWaitsForARunningCallAndSavesItsUpdate() throws Exception {
    RemotingCleanup.Started first = start(Transport.NETTY, "idle = 30s");
    RemotingClient client = cleanup.client(first);
    Account account = client.lookup(Account.class, "acct-busy");
    assertEquals(100, account.deposit(100));
    Thread slow =
        new Thread(
            () -> {
              try {
                account.slowDeposit(5, 500);
              } catch (RuntimeException shutdownMayCutTheReply) {
                // the update must still be saved
              }
            });
    slow.start();
    Thread.sleep(100); // the slow call is running
    first.server().close();
    slow.join(5_000);

    RemotingClient again = cleanup.client(start(Transport.NETTY, "idle = 30s"));
    assertEquals(105, again.lookup(Account.class, "acct-busy").balance());
  }

  @Test
  void shutdownRunsAnAcknowledgedOneWayCallAndSavesItsUpdate() throws Exception {
    RemotingCleanup.Started first = start(Transport.NETTY, "idle = 30s");
    RemotingClient client = cleanup.client(first);
    Account account = client.lookup(Account.class, "acct-oneway");
    assertEquals(100, account.deposit(100));
    org.remoting.invocation.Invocations.syncWithServer(account, a -> a.slowDeposit(5, 500));
    first.server().close(); // acknowledged: it runs and is saved before the server ends

    RemotingClient again = cleanup.client(start(Transport.NETTY, "idle = 30s"));
    assertEquals(105, again.lookup(Account.class, "acct-oneway").balance());
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void passivatedObjectsAreAddressedById(Transport transport) throws Exception {
    RemotingClient client = cleanup.client(start(transport, "idle = 30s"));
    ObjectNotFoundException e =
        assertThrows(ObjectNotFoundException.class, () -> client.lookup(Account.class).balance());
    assertTrue(e.getMessage().contains("test.Account"), e.getMessage());
    assertTrue(e.getMessage().contains("addressed by id"), e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void unknownIdsAreNotCreatedWhenCreateUnknownIsOff(Transport transport) throws Exception {
    RemotingCleanup.Started created = start(transport, "idle = 30s"); // create-unknown = true
    cleanup.client(created).lookup(Account.class, "known").deposit(5);
    created.server().close(); // saves "known"
    RemotingCleanup.Started started = start(transport, "create-unknown = false");
    RemotingClient client = cleanup.client(started);

    ObjectNotFoundException e =
        assertThrows(
            ObjectNotFoundException.class, () -> client.lookup(Account.class, "nobody").balance());
    assertTrue(e.getMessage().contains("nobody"), e.getMessage());
    assertEquals(0, started.server().stats("test.Account").created(), "nothing was created");
    assertEquals(5, client.lookup(Account.class, "known").balance(), "stored ids are served");
  }

  /**
   * Object ids are 1 to 256 printable ASCII characters without spaces; a foreign or hostile client
   * sending anything else (here over a raw HTTP/2 connection, since grpc-java's client drops
   * header values outside printable ASCII) gets INVALID_ARGUMENT and creates no object.
   */
  @Test
  void objectIdsOutsideTheAcceptedFormAreRejectedAndCreateNothing() throws Exception {
    RemotingCleanup.Started started = start(Transport.NETTY, "idle = 30s");
    byte[][] invalid = {
      new byte[0],
      "acct 1".getBytes(StandardCharsets.US_ASCII),
      "x".repeat(257).getBytes(StandardCharsets.US_ASCII),
      "caf\u00e9".getBytes(StandardCharsets.UTF_8),
      {0x01, 'a'},
      {0x7f},
    };
    for (byte[] id : invalid) {
      try (RawHttp2Client raw = new RawHttp2Client(started.server().port())) {
        int stream = raw.startCall("test.Account/deposit", Map.of("remoting-object-id", id));
        raw.sendMessage(stream, new byte[] {0x08, 0x05}); // amount = 5
        RawHttp2Client.End end = raw.awaitEnd(stream, 10_000);
        String hex = HexFormat.of().formatHex(id);
        assertEquals("3", end.grpcStatus(), "INVALID_ARGUMENT for id " + hex + ": " + end);
        assertTrue(end.grpcMessage().contains("invalid object id"), end.grpcMessage());
      }
    }
    try (RawHttp2Client raw = new RawHttp2Client(started.server().port())) { // one-way stream
      int stream = raw.startCall(OneWayProtocol.METHOD, Map.of());
      raw.sendMessage(
          stream,
          encode(
              new SchemaCompiler().recordCodec(OneWayEnvelope.class),
              new OneWayEnvelope("test.Account/deposit", "caf\u00e9", new byte[] {8, 5}, true, 7, 0)));
      RawHttp2Client.End end = raw.awaitEnd(stream, 10_000);
      assertEquals("0", end.grpcStatus(), end.toString());
      OneWayAck ack =
          decode(new SchemaCompiler().recordCodec(OneWayAck.class), end.messages().get(0));
      assertEquals("INVALID_ARGUMENT", ack.code(), ack.toString());
      assertTrue(ack.description().contains("invalid object id"), ack.toString());
    }
    assertEquals(0, started.server().stats("test.Account").created(), "no object created");
    try (Stream<Path> files = Files.walk(dir)) {
      assertEquals(
          List.of(), files.filter(Files::isRegularFile)
              .filter(f -> !f.getFileName().toString().startsWith(".")).toList());
    }
    RemotingClient client = cleanup.client(started);
    assertEquals(5, client.lookup(Account.class, "acct-1").deposit(5), "valid ids still work");
  }

  @Test
  void aFailedBuildReleasesTheFileStore() throws Exception {
    String store =
        "remoting.servants.\"test.Account\".passivation.dir = \""
            + dir.toString().replace("\\", "/")
            + "\"\n";
    RemotingServer.Builder broken =
        RemotingServer.builder()
            .config(ConfigFactory.parseString(store + "remoting.servants.\"test.Typo\".lifecycle = lazy"))
            .export(Account.class, AccountServant.class);
    assertThrows(org.remoting.InvalidConfigurationException.class, broken::build);
    RemotingServer server =
        cleanup.register(
            RemotingServer.builder()
                .inProcess("passivated-after-failed-build")
                .config(ConfigFactory.parseString(store))
                .export(Account.class, AccountServant.class)
                .build()
                .start());
    assertEquals(RemotingServer.State.RUNNING, server.state(), "the directory is not locked");
  }

  @Test
  void aPassivatedServantMustBePassivatable() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                RemotingServer.builder()
                    .config(
                        ConfigFactory.parseString(
                            "remoting.servants.\"test.Bank\".lifecycle = passivated"))
                    .export(Bank.class, BankServant.class)
                    .build());
    assertTrue(e.getMessage().contains("Passivatable"), e.getMessage());
    assertTrue(e.getMessage().contains("BankServant"), e.getMessage());
  }
}
