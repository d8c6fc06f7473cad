package org.remoting.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed certificates for TLS tests, made with the JDK's own {@code keytool} (no extra
 * dependency): PKCS12 key stores with an EC key, valid for two days, for {@code localhost} and
 * {@code 127.0.0.1}; and trust stores holding the certificates of chosen key stores. Every store's
 * password is {@link #PASSWORD}.
 */
final class TestCertificates {
  static final String PASSWORD = "test-secret";

  private final Path dir;

  TestCertificates(Path dir) {
    this.dir = dir;
  }

  /** A new key store {@code name.p12} whose certificate's subject is {@code subject}. */
  Path keyStore(String name, String subject) throws IOException, InterruptedException {
    Path file = dir.resolve(name + ".p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    List<String> command = new ArrayList<>(List.of(
        keytool, "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
        "-sigalg", "SHA256withECDSA", "-dname", subject, "-validity", "2",
        "-ext", "SAN=dns:localhost,ip:127.0.0.1",
        "-storetype", "PKCS12", "-keystore", file.toString(),
        "-storepass", PASSWORD, "-keypass", PASSWORD));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("keytool failed: " + output);
    }
    return file;
  }

  /** A new trust store {@code name.p12} holding the certificates of {@code keyStores}. */
  Path trustStore(String name, Path... keyStores) throws Exception {
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
}
