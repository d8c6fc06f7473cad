package org.remoting.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.remoting.ObjectNotFoundException;
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
    RemotingClient client = cleanup.client(start(transport, "create-unknown = false"));
    ObjectNotFoundException e =
        assertThrows(
            ObjectNotFoundException.class, () -> client.lookup(Account.class, "nobody").balance());
    assertTrue(e.getMessage().contains("nobody"), e.getMessage());
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
