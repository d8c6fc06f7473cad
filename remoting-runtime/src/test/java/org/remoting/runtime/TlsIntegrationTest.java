package org.remoting.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.remoting.InvalidConfigurationException;
import org.remoting.ServerUnreachableException;
import org.remoting.runtime.internal.local.LocalServers;

/**
 * TLS and mutual TLS configured in the HOCON file, over Netty on loopback, with self-signed
 * certificates made by {@code keytool} ({@link TestCertificates}).
 */
class TlsIntegrationTest {
  private static final String PASSWORD = TestCertificates.PASSWORD;

  @TempDir static Path dir;
  static Path serverKeys;
  static Path aliceKeys;
  static Path serverTrust; // trusts alice's (and bob's) certificate
  static Path clientTrust; // trusts the server's certificate

  @RegisterExtension final RemotingCleanup cleanup = new RemotingCleanup();

  @BeforeAll
  static void makeCertificates() throws Exception {
    TestCertificates certificates = TestCertificates.shared();
    serverKeys = certificates.server();
    aliceKeys = certificates.alice();
    serverTrust = certificates.serverTrust();
    clientTrust = certificates.clientTrust();
  }

  static String quoted(Path path) {
    return ConfigUtil.quoteString(path.toString());
  }

  static Config serverTls(String clientAuth) {
    return ConfigFactory.parseString(
        "remoting.server.tls { enabled = true, key-store = " + quoted(serverKeys)
            + ", key-store-password = " + PASSWORD + ", trust-store = " + quoted(serverTrust)
            + ", trust-store-password = " + PASSWORD + ", client-auth = " + clientAuth + " }");
  }

  static Config clientTls(Path trust, Path keys) {
    return ConfigFactory.parseString(
        "remoting.client.tls { enabled = true"
            + (trust == null ? "" : ", trust-store = " + quoted(trust)
                + ", trust-store-password = " + PASSWORD)
            + (keys == null ? "" : ", key-store = " + quoted(keys)
                + ", key-store-password = " + PASSWORD)
            + " }");
  }

  private RemotingCleanup.Started start(Config config) throws Exception {
    return cleanup.start(
        Transport.NETTY, b -> b.config(config).export(Shop.class, ShopServant.class));
  }

  private Shop shop(RemotingCleanup.Started started, Config clientConfig) {
    RemotingClient.Builder builder =
        RemotingClient.builder().target(started.target()).deadline(Duration.ofSeconds(5));
    if (clientConfig != null) {
      builder.config(clientConfig);
    }
    return cleanup.register(builder.build()).lookup(Shop.class);
  }

  @Test
  void aTlsClientCallsATlsServer() throws Exception {
    RemotingCleanup.Started started = start(serverTls("none"));

    Cart cart = shop(started, clientTls(clientTrust, null)).newCart("ann");
    cart.add("apple");

    assertEquals(List.of("apple"), cart.items());
  }

  @Test
  void aPlaintextClientIsRejectedByATlsServer() throws Exception {
    RemotingCleanup.Started started = start(serverTls("none"));

    Shop plain = shop(started, null);

    assertThrows(ServerUnreachableException.class, () -> plain.newCart("ann"));
  }

  @Test
  void aClientThatDoesNotTrustTheServerCertificateIsRejected() throws Exception {
    RemotingCleanup.Started started = start(serverTls("none"));

    Shop untrusting = shop(started, clientTls(null, null)); // the JDK's default trust store

    assertThrows(ServerUnreachableException.class, () -> untrusting.newCart("ann"));
  }

  @Test
  void mutualTlsRequiresATrustedClientCertificate() throws Exception {
    RemotingCleanup.Started started = start(serverTls("require"));

    Shop anonymous = shop(started, clientTls(clientTrust, null));
    Shop untrusted = shop(started, clientTls(clientTrust, serverKeys)); // not in server-trust
    Shop alice = shop(started, clientTls(clientTrust, aliceKeys));

    assertThrows(ServerUnreachableException.class, () -> anonymous.newCart("anon"));
    assertThrows(ServerUnreachableException.class, () -> untrusted.newCart("mallory"));
    assertEquals("alice", alice.newCart("alice").customer());
  }

  @Test
  void optionalClientAuthAcceptsClientsWithAndWithoutCertificates() throws Exception {
    RemotingCleanup.Started started = start(serverTls("optional"));

    assertEquals("anon", shop(started, clientTls(clientTrust, null)).newCart("anon").customer());
    assertEquals(
        "alice", shop(started, clientTls(clientTrust, aliceKeys)).newCart("alice").customer());
  }

  /**
   * Decision 30: the in-process alias would bypass TLS, so a TLS server does not offer one, and a
   * TLS client does not take one.
   */
  @Test
  void tlsIsNeverBypassedInProcess() throws Exception {
    RemotingCleanup.Started tls = start(serverTls("none"));
    RemotingCleanup.Started plain = start(ConfigFactory.empty());

    assertNull(LocalServers.aliasOf("127.0.0.1", tls.server().port()));
    assertNotNull(LocalServers.aliasOf("127.0.0.1", plain.server().port()));
    RemotingClient toTls = clientPreferringInProcess(tls, clientTls(clientTrust, null));
    assertFalse(toTls.inProcess());
    assertEquals("ann", toTls.lookup(Shop.class).newCart("ann").customer());
    RemotingClient tlsToPlain = clientPreferringInProcess(plain, clientTls(clientTrust, null));
    assertFalse(tlsToPlain.inProcess(), "a TLS client never skips the server's certificate");
    assertTrue(clientPreferringInProcess(plain, ConfigFactory.empty()).inProcess());
  }

  /** A client built with the default {@code prefer-in-process}, which the test build turns off. */
  private RemotingClient clientPreferringInProcess(RemotingCleanup.Started started, Config config) {
    String property = "remoting.client.prefer-in-process";
    String saved = System.clearProperty(property);
    try {
      return cleanup.register(
          RemotingClient.builder().target(started.target()).config(config).build());
    } finally {
      if (saved != null) {
        System.setProperty(property, saved);
      }
    }
  }

  @Test
  void badTlsSettingsAreRejectedNamingTheKey() throws Exception {
    Path notAKeyStore = Files.writeString(dir.resolve("not-a-key-store.p12"), "hello");
    assertServerRejects(
        "remoting.server.tls { enabled = true }", "remoting.server.tls.key-store = \"\"");
    assertServerRejects(
        "remoting.server.tls { enabled = true, key-store = " + quoted(dir.resolve("missing.p12"))
            + " }",
        "remoting.server.tls.key-store", "does not exist");
    assertServerRejects(
        "remoting.server.tls { enabled = true, key-store = " + quoted(notAKeyStore) + " }",
        "remoting.server.tls.key-store", "PKCS12 or JKS");
    InvalidConfigurationException wrongPassword =
        assertServerRejects(
            "remoting.server.tls { enabled = true, key-store = " + quoted(serverKeys)
                + ", key-store-password = hunter2 }",
            "remoting.server.tls.key-store-password", "wrong password");
    assertFalse(wrongPassword.getMessage().contains("hunter2"), "never shows a password");
    assertServerRejects(
        "remoting.server.tls { enabled = true, key-store = " + quoted(clientTrust)
            + ", key-store-password = " + PASSWORD + " }",
        "remoting.server.tls.key-store", "certificates only");
    assertServerRejects(
        "remoting.server.tls { enabled = true, key-store = " + quoted(serverKeys)
            + ", key-store-password = " + PASSWORD + ", client-auth = require }",
        "remoting.server.tls.trust-store", "required when client-auth = require");
    assertServerRejects(
        "remoting.server.tls.client-auth = always", "remoting.server.tls.client-auth",
        "[none, optional, require]");
    assertServerRejects("remoting.server.tls.enabled = yes-please", "remoting.server.tls.enabled");
    assertServerRejects("remoting.server.tls.key-file = x", "remoting.server.tls.key-file",
        "unknown key");

    InvalidConfigurationException inProcess =
        assertThrows(
            InvalidConfigurationException.class,
            () -> RemotingServer.builder()
                .inProcess("tls-in-process")
                .config(serverTls("none"))
                .export(Shop.class, ShopServant.class)
                .build());
    assertTrue(inProcess.getMessage().contains("remoting.server.tls.enabled"),
        inProcess.getMessage());

    InvalidConfigurationException client =
        assertThrows(
            InvalidConfigurationException.class,
            () -> RemotingClient.builder()
                .target("127.0.0.1:1")
                .config(clientTls(dir.resolve("missing-trust.p12"), null))
                .build());
    assertTrue(client.getMessage().contains("remoting.client.tls.trust-store"),
        client.getMessage());
  }

  private static InvalidConfigurationException assertServerRejects(
      String config, String... expected) {
    InvalidConfigurationException e =
        assertThrows(
            InvalidConfigurationException.class,
            () -> RemotingServer.builder()
                .port(0)
                .config(ConfigFactory.parseString(config))
                .export(Shop.class, ShopServant.class)
                .build(),
            config);
    for (String part : expected) {
      assertTrue(e.getMessage().contains(part), e.getMessage());
    }
    return e;
  }
}
