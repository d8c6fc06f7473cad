package org.remoting.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Self-signed certificates for TLS tests, made with the JDK's own {@code keytool} (no extra
 * dependency): PKCS12 key stores with an EC key, valid for two days, for {@code localhost} and
 * {@code 127.0.0.1}, and trust stores holding chosen certificates. Every store's password is
 * {@link #PASSWORD}. Starting {@code keytool} takes a while, so the test classes share one set,
 * made on first use in a temporary directory that is deleted when the JVM exits.
 *
 * @param server the server's key store ({@code CN=localhost})
 * @param alice a client's key store, subject {@link #ALICE}
 * @param bob another client's key store, subject {@link #BOB}
 * @param serverTrust trusts alice's and bob's certificates
 * @param clientTrust trusts the server's certificate
 */
record TestCertificates(Path server, Path alice, Path bob, Path serverTrust, Path clientTrust) {
  static final String PASSWORD = "test-secret";
  static final String ALICE = "CN=alice,O=Remoting Test";
  static final String BOB = "CN=bob,O=Remoting Test";

  private static TestCertificates shared;

  /** The shared set, made on first use. */
  static synchronized TestCertificates shared() throws Exception {
    if (shared == null) {
      Path dir = Files.createTempDirectory("remoting-test-certificates");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
      // keytool processes start slowly: run them side by side
      Process server = keytool(dir, "server", "CN=localhost,O=Remoting Test");
      Process alice = keytool(dir, "alice", ALICE);
      Process bob = keytool(dir, "bob", BOB);
      Path serverKeys = await(server, dir, "server");
      Path aliceKeys = await(alice, dir, "alice");
      Path bobKeys = await(bob, dir, "bob");
      shared =
          new TestCertificates(
              serverKeys,
              aliceKeys,
              bobKeys,
              trustStore(dir, "server-trust", aliceKeys, bobKeys),
              trustStore(dir, "client-trust", serverKeys));
    }
    return shared;
  }

  private static Process keytool(Path dir, String name, String subject) throws IOException {
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    List<String> command = new ArrayList<>(List.of(
        keytool, "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
        "-sigalg", "SHA256withECDSA", "-dname", subject, "-validity", "2",
        "-ext", "SAN=dns:localhost,ip:127.0.0.1",
        "-storetype", "PKCS12", "-keystore", dir.resolve(name + ".p12").toString(),
        "-storepass", PASSWORD, "-keypass", PASSWORD));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private static Path await(Process process, Path dir, String name) throws Exception {
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("keytool failed for " + name + ": " + output);
    }
    return dir.resolve(name + ".p12");
  }

  /** A new trust store {@code name.p12} holding the certificates of {@code keyStores}. */
  private static Path trustStore(Path dir, String name, Path... keyStores) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    for (Path keyStore : keyStores) {
      KeyStore source = KeyStore.getInstance(keyStore.toFile(), PASSWORD.toCharArray());
      String alias = source.aliases().nextElement();
      Certificate certificate = source.getCertificate(alias);
      trust.setCertificateEntry(alias, certificate);
    }
    Path file = dir.resolve(name + ".p12");
    try (OutputStream out = Files.newOutputStream(file)) {
      trust.store(out, PASSWORD.toCharArray());
    }
    return file;
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
