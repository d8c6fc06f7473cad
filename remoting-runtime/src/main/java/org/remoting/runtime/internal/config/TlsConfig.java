package org.remoting.runtime.internal.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.remoting.InvalidConfigurationException;

/**
 * A {@code tls} block ({@code remoting.server.tls} or {@code remoting.client.tls}): its values are
 * checked when the configuration loads; its key stores are read only when credentials are asked
 * for, so a client does not open a server's key store that happens to share its file. Key stores
 * are PKCS12 or JKS files (the type is detected); a store's password also opens its private key.
 * Errors name the key, never show a password. Immutable.
 */
final class TlsConfig {
  /** Whether and how a TLS server asks clients for certificates. */
  enum ClientAuth {
    NONE("none", TlsServerCredentials.ClientAuth.NONE),
    OPTIONAL("optional", TlsServerCredentials.ClientAuth.OPTIONAL),
    REQUIRE("require", TlsServerCredentials.ClientAuth.REQUIRE);

    final String configName;
    final TlsServerCredentials.ClientAuth grpc;

    ClientAuth(String configName, TlsServerCredentials.ClientAuth grpc) {
      this.configName = configName;
      this.grpc = grpc;
    }
  }

  private static final String KEY_STORE = "key-store";
  private static final String KEY_STORE_PASSWORD = "key-store-password";
  private static final String TRUST_STORE = "trust-store";
  private static final String TRUST_STORE_PASSWORD = "trust-store-password";

  private final Config c;
  private final RemotingConfig.Where where;
  private final boolean enabled;
  private final String keyStore;
  private final String keyStorePassword;
  private final String trustStore;
  private final String trustStorePassword;
  private final ClientAuth clientAuth; // null for a client block

  /**
   * Reads and checks the block at {@code block} of {@code remoting}.
   *
   * @param server whether it is the server's block, which has {@code client-auth}
   */
  TlsConfig(Config remoting, String block, boolean server) {
    this.c = remoting.getConfig(block);
    this.where = RemotingConfig.Where.at(block);
    this.enabled = RemotingConfig.bool(c, where, "enabled");
    this.keyStore = RemotingConfig.string(c, where, KEY_STORE);
    this.keyStorePassword = RemotingConfig.string(c, where, KEY_STORE_PASSWORD);
    this.trustStore = RemotingConfig.string(c, where, TRUST_STORE);
    this.trustStorePassword = RemotingConfig.string(c, where, TRUST_STORE_PASSWORD);
    this.clientAuth =
        server
            ? RemotingConfig.enumValue(c, where, "client-auth", ClientAuth.values(), a -> a.configName)
            : null;
  }

  boolean enabled() {
    return enabled;
  }

  /** Whether key or trust stores are named although TLS is off (worth a warning). */
  boolean storesIgnored() {
    return !enabled && !(keyStore.isEmpty() && trustStore.isEmpty());
  }

  /**
   * The server's credentials: its key and certificate from {@code key-store}; with {@code
   * client-auth} {@code optional} or {@code require}, the client certificates it accepts are those
   * that chain to a certificate of {@code trust-store}. Null when TLS is off.
   *
   * @throws InvalidConfigurationException if a store is missing, unreadable, not a key store,
   *     its password is wrong, or a required store is not named
   */
  ServerCredentials serverCredentials() {
    if (!enabled) {
      return null;
    }
    if (keyStore.isEmpty()) {
      throw RemotingConfig.bad(c, where, KEY_STORE,
          "a PKCS12 or JKS file with the server's private key and certificate chain (required"
              + " when tls.enabled = true)");
    }
    TlsServerCredentials.Builder builder =
        TlsServerCredentials.newBuilder()
            .keyManager(keyManagers())
            .clientAuth(clientAuth.grpc);
    if (clientAuth != ClientAuth.NONE) {
      if (trustStore.isEmpty()) {
        throw RemotingConfig.bad(c, where, TRUST_STORE,
            "a PKCS12 or JKS file with the certificates (or their CAs) that client certificates"
                + " must chain to (required when client-auth = " + clientAuth.configName + ")");
      }
      builder.trustManager(trustManagers());
    }
    return builder.build();
  }

  /**
   * The client's credentials: server certificates are checked against {@code trust-store} (the
   * JDK's default trust store when empty) and the target's host name; a {@code key-store}, when
   * named, holds the client's own key and certificate for mutual TLS. Null when TLS is off.
   *
   * @throws InvalidConfigurationException as {@link #serverCredentials()}
   */
  ChannelCredentials channelCredentials() {
    if (!enabled) {
      return null;
    }
    TlsChannelCredentials.Builder builder = TlsChannelCredentials.newBuilder();
    if (!keyStore.isEmpty()) {
      builder.keyManager(keyManagers());
    }
    if (!trustStore.isEmpty()) {
      builder.trustManager(trustManagers());
    }
    return builder.build();
  }

  private KeyManager[] keyManagers() {
    KeyStore store = load(KEY_STORE, keyStore, KEY_STORE_PASSWORD, keyStorePassword);
    boolean hasKey = false;
    try {
      for (String alias : Collections.list(store.aliases())) {
        hasKey |= store.isKeyEntry(alias);
      }
    } catch (KeyStoreException e) {
      throw RemotingConfig.bad(c, where, KEY_STORE, "a readable key store (" + e.getMessage() + ")");
    }
    if (!hasKey) {
      throw RemotingConfig.bad(c, where, KEY_STORE,
          "a key store with a private key and its certificate; " + keyStore + " holds"
              + " certificates only");
    }
    try {
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, keyStorePassword.toCharArray());
      return factory.getKeyManagers();
    } catch (UnrecoverableKeyException e) {
      throw badPassword(KEY_STORE_PASSWORD,
          "opens key store " + keyStore + " but not its private key: the key's password must"
              + " equal the store's");
    } catch (GeneralSecurityException e) {
      throw RemotingConfig.bad(c, where, KEY_STORE, "a usable key store (" + e.getMessage() + ")");
    }
  }

  private TrustManager[] trustManagers() {
    KeyStore store = load(TRUST_STORE, trustStore, TRUST_STORE_PASSWORD, trustStorePassword);
    try {
      if (store.size() == 0) {
        throw RemotingConfig.bad(c, where, TRUST_STORE,
            "a key store with at least one trusted certificate; " + trustStore + " is empty");
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return factory.getTrustManagers();
    } catch (GeneralSecurityException e) {
      throw RemotingConfig.bad(c, where, TRUST_STORE, "a usable trust store (" + e.getMessage() + ")");
    }
  }

  /** Opens the key store file named by {@code key} with the password of {@code passwordKey}. */
  private KeyStore load(String key, String file, String passwordKey, String password) {
    Path path;
    try {
      path = Path.of(file);
    } catch (InvalidPathException e) {
      throw RemotingConfig.bad(c, where, key, "a file path (" + e.getReason() + ")");
    }
    if (!Files.isRegularFile(path)) {
      throw RemotingConfig.bad(c, where, key,
          "a PKCS12 or JKS key store file, but " + path.toAbsolutePath() + " does not exist or is"
              + " not a file");
    }
    if (!Files.isReadable(path)) {
      throw RemotingConfig.bad(c, where, key,
          "a readable file, but " + path.toAbsolutePath() + " cannot be read");
    }
    try {
      return KeyStore.getInstance(path.toFile(), password.toCharArray());
    } catch (IOException e) {
      if (e.getCause() instanceof UnrecoverableKeyException) {
        throw badPassword(passwordKey, "does not open key store " + file + " (wrong password)");
      }
      throw RemotingConfig.bad(c, where, key,
          "a PKCS12 or JKS key store; reading " + file + " failed: " + e.getMessage());
    } catch (KeyStoreException e) {
      throw RemotingConfig.bad(c, where, key,
          "a PKCS12 or JKS key store; " + file + " is neither (PEM files can be converted with"
              + " openssl pkcs12 -export)");
    } catch (GeneralSecurityException e) {
      throw RemotingConfig.bad(c, where, key,
          "a PKCS12 or JKS key store; reading " + file + " failed: " + e.getMessage());
    }
  }

  /** An error about a password: names the key and where it came from, never the value. */
  private InvalidConfigurationException badPassword(String key, String why) {
    ConfigValue value = c.getValue(key);
    return new InvalidConfigurationException(
        "remoting." + where.block(key) + "." + key
            + " (from " + value.origin().description() + "): " + why);
  }
}
