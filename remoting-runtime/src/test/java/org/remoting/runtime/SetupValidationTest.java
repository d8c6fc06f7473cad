package org.remoting.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.remoting.InvalidConfigurationException;
import org.remoting.InvalidRemoteInterfaceException;
import org.remoting.MethodName;
import org.remoting.Remote;

/** Mistakes in interfaces, servants and config fail at export, lookup or build, clearly. */
class SetupValidationTest {
  @RegisterExtension final RemotingCleanup cleanup = new RemotingCleanup();

  @Remote("test.BadParam")
  public interface BadParam {
    void take(int count, Object thing);
  }

  @Remote("test.Overloaded")
  public interface Overloaded {
    int add(int a, int b);

    long add(long a, long b);
  }

  @Remote("test.Named")
  public interface Named {
    int add(int a, int b);

    @MethodName("addLongs")
    long add(long a, long b);
  }

  @Remote("test.BadOneWay")
  public interface BadOneWay {
    @org.remoting.OneWay
    int count();
  }

  public interface NotRemote {
    int x();
  }

  static class BadParamServant implements BadParam {
    @Override
    public void take(int count, Object thing) {}
  }

  static class OverloadedServant implements Overloaded {
    @Override
    public int add(int a, int b) {
      return a + b;
    }

    @Override
    public long add(long a, long b) {
      return a + b;
    }
  }

  static class NamedServant implements Named {
    @Override
    public int add(int a, int b) {
      return a + b;
    }

    @Override
    public long add(long a, long b) {
      return a + b + 1_000_000_000_000L;
    }
  }

  @Test
  void unsupportedParameterTypeFailsAtExportAndLookupNamingMethodParameterAndType() {
    InvalidRemoteInterfaceException atExport =
        assertThrows(
            InvalidRemoteInterfaceException.class,
            () -> RemotingServer.builder().export(BadParam.class, BadParamServant.class).build());
    for (String part : new String[] {"BadParam", "take", "thing", "java.lang.Object"}) {
      assertTrue(atExport.getMessage().contains(part), atExport.getMessage());
    }
    RemotingClient client = cleanup.register(RemotingClient.connect("in-process:nowhere"));
    InvalidRemoteInterfaceException atLookup =
        assertThrows(InvalidRemoteInterfaceException.class, () -> client.lookup(BadParam.class));
    assertEquals(atExport.getMessage(), atLookup.getMessage());
  }

  @Test
  void overloadWithoutMethodNameFailsNamingBothMethods() {
    InvalidRemoteInterfaceException e =
        assertThrows(
            InvalidRemoteInterfaceException.class,
            () ->
                RemotingServer.builder().export(Overloaded.class, OverloadedServant.class).build());
    assertTrue(e.getMessage().contains("add(int,int)") || e.getMessage().contains("add(int, int)"),
        e.getMessage());
    assertTrue(e.getMessage().contains("long"), e.getMessage());
    assertTrue(e.getMessage().contains("org.remoting.MethodName"), e.getMessage());
  }

  @Test
  void overloadsWithMethodNamesWork() throws Exception {
    RemotingCleanup.Started started =
        cleanup.start(Transport.IN_PROCESS, b -> b.export(Named.class, NamedServant.class));
    Named named = cleanup.client(started).lookup(Named.class);
    assertEquals(3, named.add(1, 2));
    assertEquals(1_000_000_000_003L, named.add(1L, 2L));
  }

  @Test
  void oneWayMethodWithAResultIsRejectedAtLookup() {
    RemotingClient client = cleanup.register(RemotingClient.connect("in-process:nowhere"));
    InvalidRemoteInterfaceException e =
        assertThrows(InvalidRemoteInterfaceException.class, () -> client.lookup(BadOneWay.class));
    assertTrue(e.getMessage().contains("BadOneWay"), e.getMessage());
    assertTrue(e.getMessage().contains("count"), e.getMessage());
    assertTrue(e.getMessage().contains("OneWay"), e.getMessage());
  }

  @Test
  void interfaceWithoutRemoteAnnotationIsRejected() {
    RemotingClient client = cleanup.register(RemotingClient.connect("in-process:nowhere"));
    InvalidRemoteInterfaceException e =
        assertThrows(InvalidRemoteInterfaceException.class, () -> client.lookup(NotRemote.class));
    assertTrue(e.getMessage().contains("org.remoting.Remote"), e.getMessage());
    assertTrue(e.getMessage().contains("NotRemote"), e.getMessage());
  }

  @Test
  void configTypoFailsWithKeyPathAndAcceptedKeys() {
    assertBuildFails("remoting.server.prot = 9000", "remoting.server.prot", "server.port");
  }

  @Test
  void badLifecycleValueFailsWithValueAndAcceptedValues() {
    assertBuildFails(
        "remoting.servants.\"test.Bank\".lifecycle = poold",
        "remoting.servants.\"test.Bank\".lifecycle", "poold", "per-request");
  }

  @Test
  void anExportedServiceCannotBeLeased() {
    assertBuildFails(
        "remoting.servants.\"test.Bank\".lifecycle = leased",
        "remoting.servants.\"test.Bank\".lifecycle = \"leased\" (from String: 1): expected one"
            + " of [static, lazy, per-request, pooled, passivated]",
        "leased objects come only from remote methods that return them");
    assertBuildFails(
        "remoting.servant-defaults.lifecycle = leased",
        "remoting.servant-defaults.lifecycle = \"leased\" (from String: 1): expected one of"
            + " [static, lazy, per-request, pooled, passivated]");
  }

  @Test
  void servantsEntryForAServiceThatIsNotExportedFails() {
    assertBuildFails("remoting.servants.\"test.Bnak\".lifecycle = lazy", "test.Bnak", "test.Bank");
  }

  @Test
  void passivationSettingsAreCheckedForEveryService() {
    assertBuildFails(
        "remoting.servants.\"test.Bank\".passivation.idle = -5s",
        "remoting.servants.\"test.Bank\".passivation.idle", "positive duration");
    assertBuildFails(
        "remoting.servants.\"test.Bank\".passivation.store = disk", "[file, memory]");
    assertBuildFails(
        "remoting.servants.\"test.Bank\".passivation.dir = \"\"", "non-empty directory");
  }

  @Test
  void leaseSettingsAreCheckedForEveryServiceEvenIfNotLeased() {
    assertBuildFails(
        "remoting.servants.\"test.Bank\".lease.duration = banana",
        "remoting.servants.\"test.Bank\".lease.duration = \"banana\" (from String: 1)",
        "expected a positive duration");
    assertBuildFails(
        "remoting.servants.\"test.Bank\".lease.max-per-client = 0",
        "remoting.servants.\"test.Bank\".lease.max-per-client = 0 (from String: 1)",
        "expected an integer >= 1");
    assertBuildFails(
        "remoting.servants.\"test.Bank\".lease { duration = 1m, max-duration = 1s }",
        "remoting.servants.\"test.Bank\".lease.max-duration = \"1s\" (from String: 1)",
        "expected a duration >= remoting.servants.\"test.Bank\".lease.duration = \"1m\"");
  }

  @Test
  void aHostThatDoesNotResolveFailsBuildNamingTheKey() {
    String host = System.clearProperty("remoting.server.host"); // set for all tests by the pom
    try {
      assertBuildFails(
          "remoting.server.host = \"no such host\"",
          "remoting.server.host = \"no such host\" (from String: 1): expected an IP address or a"
              + " resolvable host name");
    } finally {
      if (host != null) {
        System.setProperty("remoting.server.host", host);
      }
    }
  }

  /** Building a server exporting Bank with {@code hocon} fails with all of {@code parts}. */
  private static void assertBuildFails(String hocon, String... parts) {
    RemotingServer.Builder builder =
        RemotingServer.builder()
            .config(ConfigFactory.parseString(hocon))
            .export(Bank.class, BankServant.class);
    InvalidConfigurationException e =
        assertThrows(InvalidConfigurationException.class, builder::build);
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "'" + part + "' in: " + e.getMessage());
    }
  }

  @Test
  void builderOptionsMaySetOnlyOnce() {
    RemotingServer.Builder builder = RemotingServer.builder().port(1);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> builder.port(2));
    assertTrue(e.getMessage().contains("port"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> RemotingServer.builder().build());
  }

  @Test
  void portInUseFailsStartWithTheAddress() throws Exception {
    RemotingCleanup.Started first =
        cleanup.start(Transport.NETTY, b -> b.export(Bank.class, BankServant.class));
    RemotingServer second =
        RemotingServer.builder()
            .port(first.server().port())
            .export(Bank.class, BankServant.class)
            .build();
    java.io.IOException e = assertThrows(java.io.IOException.class, second::start);
    assertTrue(e.getMessage().contains(String.valueOf(first.server().port())), e.getMessage());
    assertEquals(RemotingServer.State.FAILED, second.state());
  }
}
