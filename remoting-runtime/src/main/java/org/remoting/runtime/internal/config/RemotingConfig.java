package org.remoting.runtime.internal.config;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.remoting.Concurrency;
import org.remoting.InvalidConfigurationException;
import org.remoting.Lifecycle;
import org.remoting.Pool;
import org.remoting.Servant;
import org.remoting.lifecycle.PoolPolicy;
import org.remoting.lifecycle.lease.LeasePolicy;
import org.remoting.lifecycle.passivation.PassivationPolicy;
import org.remoting.lifecycle.ServantPolicy;

/**
 * The {@code remoting} block of a HOCON configuration, layered over the built-in defaults
 * ({@code reference.conf}) and checked: every key must be one the framework knows, every value
 * in range. Errors name the key path, the value, where it came from and what is accepted.
 * Immutable.
 */
public final class RemotingConfig {
  private static final String ROOT = "remoting";
  private static final String SERVANTS = "servants";
  private static final String SERVANT_DEFAULTS = "servant-defaults";
  private static final Where TOP = Where.at("");

  private final Config remoting;
  private final Set<String> knownKeys;
  private final Set<String> servantKeys;
  private final ServerSettings server;
  private final ClientSettings client;
  private final TlsConfig serverTls;
  private final TlsConfig clientTls;

  private RemotingConfig(Config remoting, Config reference) {
    this.remoting = remoting;
    this.knownKeys = leafPaths(reference);
    this.servantKeys = leafPaths(reference.getConfig(SERVANT_DEFAULTS));
    checkKnownKeys();
    this.server =
        new ServerSettings(
            intIn(remoting, "server.port", 0, 65535),
            string(remoting, "server.host"),
            duration(remoting, "server.shutdown-timeout", true),
            bytes(remoting, "server.max-inbound-message-size", 1024, Integer.MAX_VALUE),
            bytes(remoting, "server.max-inbound-metadata-size", 1024, Integer.MAX_VALUE),
            bool(remoting, "server.reflection"),
            bool(remoting, "server.health"),
            intIn(remoting, "server.max-rst-frames-per-window", 0, Integer.MAX_VALUE),
            wholeSeconds(remoting, "server.rst-frames-window"),
            duration(remoting, "server.permit-keepalive-time", true),
            bool(remoting, "server.permit-keepalive-without-calls"),
            offOrAtLeastOneSecond(remoting, "server.max-connection-idle"),
            offOrAtLeastOneSecond(remoting, "server.max-connection-age"));
    this.client =
        new ClientSettings(
            duration(remoting, "client.deadline", false),
            bool(remoting, "client.prefer-in-process"),
            new ClientSettings.RetryPolicy(
                intIn(remoting, "client.retry.max-attempts", 1, 100),
                duration(remoting, "client.retry.backoff", true)));
    this.serverTls = new TlsConfig(remoting, "server.tls", true);
    this.clientTls = new TlsConfig(remoting, "client.tls", false);
    Config defaults = remoting.getConfig(SERVANT_DEFAULTS);
    Where inDefaults = Where.at(SERVANT_DEFAULTS);
    policy(defaults, inDefaults);
    executor(defaults, inDefaults);
    passivation(defaults, inDefaults);
    lease(defaults, inDefaults);
  }

  /**
   * Layers {@code application} (or, when it is {@code null}, the class path's
   * {@code application.conf}) between the built-in defaults and the system properties, and
   * validates the result.
   *
   * @throws InvalidConfigurationException for an unknown key or a bad value
   */
  public static RemotingConfig load(Config application, ClassLoader loader) {
    requireNonNull(loader, "loader");
    // Not defaultReference(): it overlays system properties, which we add ourselves, parsed right.
    Config reference = ConfigFactory.defaultReferenceUnresolved(loader).resolve();
    Config app = application != null ? application : ConfigFactory.defaultApplication(loader);
    Config merged;
    try {
      merged =
          systemProperties()
              .withFallback(withoutSystemProperties(app))
              .withFallback(reference)
              .resolve();
    } catch (ConfigException e) {
      throw new InvalidConfigurationException("invalid configuration: " + e.getMessage(), e);
    }
    if (!merged.getValue(ROOT).valueType().equals(com.typesafe.config.ConfigValueType.OBJECT)) {
      throw new InvalidConfigurationException(
          "remoting must be an object, got " + render(merged.getValue(ROOT)));
    }
    return new RemotingConfig(merged.getConfig(ROOT), reference.getConfig(ROOT));
  }

  /**
   * The {@code remoting.*} system properties as a config layer. Typesafe Config splits property
   * names at every dot, which breaks quoted service names such as
   * {@code remoting.servants."demo.Calculator".lifecycle}; this parses each name as a HOCON path
   * instead. Values are strings, which Config converts to numbers and durations on read.
   */
  private static Config systemProperties() {
    Config layer = ConfigFactory.empty("system properties");
    Properties properties = System.getProperties();
    for (String name : properties.stringPropertyNames()) {
      if (name.startsWith(ROOT + ".")) {
        try {
          ConfigUtil.splitPath(name);
        } catch (ConfigException e) {
          throw new InvalidConfigurationException(
              "system property " + name + " is not a valid path: " + e.getMessage(), e);
        }
        layer =
            layer.withValue(
                name,
                ConfigValueFactory.fromAnyRef(properties.getProperty(name), "system properties"));
      }
    }
    return layer;
  }

  /**
   * {@code config} without the {@code remoting} values that came from system properties, so a
   * config made by {@code ConfigFactory.load()} (which parses them naively) does not carry them
   * twice.
   */
  private static Config withoutSystemProperties(Config config) {
    if (!config.hasPath(ROOT)) {
      return config;
    }
    Config result = config;
    for (Map.Entry<String, ConfigValue> entry : config.getConfig(ROOT).entrySet()) {
      if ("system properties".equals(entry.getValue().origin().description())) {
        List<String> path = new ArrayList<>(ConfigUtil.splitPath(ROOT + "." + entry.getKey()));
        result = result.withoutPath(ConfigUtil.joinPath(path));
        // drop the objects the naive split created and that are now empty
        for (path.remove(path.size() - 1); path.size() > 1; path.remove(path.size() - 1)) {
          String parent = ConfigUtil.joinPath(path);
          if (!result.hasPath(parent) || !result.getObject(parent).isEmpty()) {
            break;
          }
          result = result.withoutPath(parent);
        }
      }
    }
    return result;
  }

  /** Built-in defaults only (still under system properties); for tests and simple programs. */
  public static RemotingConfig defaults() {
    return load(ConfigFactory.empty(), RemotingConfig.class.getClassLoader());
  }

  public ServerSettings server() {
    return server;
  }

  public ClientSettings client() {
    return client;
  }

  /**
   * The address to listen on: {@code server.host}, resolved now, and {@code port}.
   *
   * @throws InvalidConfigurationException if the host is neither an IP address nor a host name
   *     that resolves
   */
  public InetSocketAddress serverAddress(int port) {
    InetSocketAddress address = new InetSocketAddress(server.host(), port);
    if (address.isUnresolved()) {
      throw bad(
          remoting,
          TOP,
          "server.host",
          "an IP address or a resolvable host name, such as 0.0.0.0 (all interfaces) or"
              + " 127.0.0.1 (loopback only)");
    }
    return address;
  }

  /**
   * The server's TLS credentials from {@code remoting.server.tls}, its key stores read now; null
   * when {@code remoting.server.tls.enabled = false}.
   *
   * @throws InvalidConfigurationException if a key store is missing, unreadable, of an unknown
   *     type, its password is wrong, or a required one is not named; the message names the key
   */
  public io.grpc.ServerCredentials serverCredentials() {
    return serverTls.serverCredentials();
  }

  /**
   * The client's TLS credentials from {@code remoting.client.tls}, its key stores read now; null
   * when {@code remoting.client.tls.enabled = false} (plaintext).
   *
   * @throws InvalidConfigurationException as {@link #serverCredentials()}
   */
  public io.grpc.ChannelCredentials clientCredentials() {
    return clientTls.channelCredentials();
  }

  /** Whether {@code remoting.server.tls} names key stores but is not enabled. */
  public boolean serverTlsStoresIgnored() {
    return serverTls.storesIgnored();
  }

  /**
   * The effective policy of a service exported with the builder: {@code servant-defaults},
   * overridden by {@code @Servant} on {@code servantClass}, overridden by {@code
   * servants."<serviceName>"}.
   *
   * @throws InvalidConfigurationException if a layer has a bad value, or the lifecycle is {@code
   *     leased}: leased objects come only from the remote methods that return them
   */
  public ServantPolicy servantPolicy(String serviceName, Class<?> servantClass) {
    Layered s = layered(serviceName, annotationLayer(servantClass));
    ServantPolicy policy = policy(s.values(), s.where());
    if (policy.lifecycle() == Lifecycle.LEASED) {
      List<String> accepted =
          Arrays.stream(Lifecycle.values())
              .filter(lifecycle -> lifecycle != Lifecycle.LEASED)
              .map(Lifecycle::configName)
              .toList();
      throw bad(
          s.values(),
          s.where(),
          "lifecycle",
          "one of " + accepted + " for " + serviceName + ", which is exported with the builder:"
              + " leased objects come only from remote methods that return them (to lease "
              + serviceName + " objects, return them from a method of an exported interface,"
              + " and do not export " + serviceName + ")");
    }
    return policy;
  }

  /**
   * The effective {@code passivation} settings of a servant, layered like {@link
   * #servantPolicy}.
   *
   * @throws InvalidConfigurationException if a layer has a bad value
   */
  public PassivationSettings passivationSettings(String serviceName, Class<?> servantClass) {
    Layered s = layered(serviceName, annotationLayer(servantClass));
    return passivation(s.values(), s.where());
  }

  /**
   * The effective {@code lease} policy of a service, layered like {@link #servantPolicy}.
   *
   * @throws InvalidConfigurationException if a layer has a bad value
   */
  public LeasePolicy leasePolicy(String serviceName, Class<?> servantClass) {
    Layered s = layered(serviceName, annotationLayer(servantClass));
    return lease(s.values(), s.where());
  }

  /**
   * The policy of a service that the server does not export itself but whose objects its remote
   * methods return by reference: leased, whatever {@code servant-defaults} say, unless {@code
   * servants."<serviceName>"} sets another lifecycle, which is an error.
   *
   * @throws InvalidConfigurationException if the service's lifecycle is set to anything but
   *     {@code leased}, or a value is bad
   */
  public ServantPolicy referencedPolicy(String serviceName) {
    Layered s =
        layered(
            serviceName,
            ConfigFactory.parseMap(Map.of("lifecycle", "leased"), "passed by reference"));
    ServantPolicy policy = policy(s.values(), s.where());
    if (policy.lifecycle() != Lifecycle.LEASED) {
      throw bad(
          s.values(),
          s.where(),
          "lifecycle",
          "leased: remote methods return " + serviceName + " objects by reference, and such"
              + " objects are leased");
    }
    return policy;
  }

  private static LeasePolicy lease(Config c, Where where) {
    Duration duration = duration(c, where, "lease.duration", false);
    Duration maxDuration = duration(c, where, "lease.max-duration", false);
    Duration expiredMemory = duration(c, where, "lease.expired-memory", true);
    if (maxDuration.compareTo(duration) < 0) {
      throw bad(
          c, where, "lease.max-duration", "a duration >= " + described(c, where, "lease.duration"));
    }
    maxPerClient(c, where); // checked with the rest of the block
    return new LeasePolicy(duration, maxDuration, expiredMemory);
  }

  /**
   * The most live leased objects of a service that one client may hold ({@code
   * lease.max-per-client}), layered like {@link #servantPolicy}.
   *
   * @throws InvalidConfigurationException if the value is not an integer >= 1
   */
  public int leaseMaxPerClient(String serviceName) {
    Layered s = layered(serviceName, ConfigFactory.empty());
    return maxPerClient(s.values(), s.where());
  }

  private static int maxPerClient(Config c, Where where) {
    return intIn(c, where, "lease.max-per-client", 1, Integer.MAX_VALUE);
  }

  /**
   * Whether a service's calls run on the transport thread ({@code executor = direct}) rather than
   * the server's call pool, layered like {@link #servantPolicy}; {@code servantClass} is null for
   * a service exported because methods return its objects by reference.
   *
   * @throws InvalidConfigurationException if a layer has a bad value
   */
  public boolean directExecutor(String serviceName, Class<?> servantClass) {
    Layered s = layered(serviceName, annotationLayer(servantClass));
    return executor(s.values(), s.where());
  }

  private static boolean executor(Config c, Where where) {
    String executor = string(c, where, "executor");
    if (!executor.equals("pool") && !executor.equals("direct")) {
      throw bad(c, where, "executor", "one of [pool, direct]");
    }
    return executor.equals("direct");
  }

  /**
   * A service's servant settings, layered, and where each value came from: the service's own
   * entry, or {@code servant-defaults} for a value it inherits.
   */
  private record Layered(Config values, Where where) {}

  /**
   * A service's settings: its {@code servants."<serviceName>"} entry, over {@code below} (such
   * as {@code @Servant} on its class), over {@code servant-defaults}. A value from the entry or
   * from {@code below} is reported under the entry's path (its origin tells which).
   */
  private Layered layered(String serviceName, Config below) {
    String own = ConfigUtil.joinPath(SERVANTS, serviceName);
    Config set =
        (remoting.hasPath(own) ? remoting.getConfig(own) : ConfigFactory.empty())
            .withFallback(below);
    return new Layered(
        set.withFallback(remoting.getConfig(SERVANT_DEFAULTS)),
        key -> set.hasPath(key) ? own : SERVANT_DEFAULTS);
  }

  private static PassivationSettings passivation(Config c, Where where) {
    Duration idle = duration(c, where, "passivation.idle", false);
    int maxActive = intIn(c, where, "passivation.max-active", 1, Integer.MAX_VALUE);
    String store = string(c, where, "passivation.store");
    if (!store.equals("file") && !store.equals("memory")) {
      throw bad(c, where, "passivation.store", "one of [file, memory]");
    }
    String dir = string(c, where, "passivation.dir");
    java.nio.file.Path path;
    try {
      path = java.nio.file.Path.of(dir);
    } catch (java.nio.file.InvalidPathException e) {
      throw bad(c, where, "passivation.dir", "a directory path (" + e.getReason() + ")");
    }
    if (dir.isBlank()) {
      throw bad(c, where, "passivation.dir", "a non-empty directory path");
    }
    boolean createUnknown;
    try {
      createUnknown = c.getBoolean("passivation.create-unknown");
    } catch (ConfigException e) {
      throw bad(c, where, "passivation.create-unknown", "true or false");
    }
    return new PassivationSettings(
        new PassivationPolicy(idle, maxActive),
        store.equals("file"),
        path,
        createUnknown);
  }

  /**
   * Checks that every {@code servants."<name>"} entry names an exported service, so a misspelt
   * service name fails at start-up instead of being silently ignored.
   */
  public void checkServantNames(Set<String> exportedServices) {
    if (!remoting.hasPath(SERVANTS)) {
      return;
    }
    for (String name : remoting.getObject(SERVANTS).keySet()) {
      if (!exportedServices.contains(name)) {
        throw new InvalidConfigurationException(
            path(ConfigUtil.joinPath(SERVANTS, name))
                + origin(remoting.getValue(ConfigUtil.joinPath(SERVANTS, name)))
                + ": no exported service has this name; exported services: "
                + new TreeSet<>(exportedServices));
      }
    }
  }

  private void checkKnownKeys() {
    for (Map.Entry<String, ConfigValue> entry : remoting.entrySet()) {
      List<String> parts = ConfigUtil.splitPath(entry.getKey());
      String key = entry.getKey();
      if (parts.get(0).equals(SERVANTS)) {
        if (parts.size() < 3) {
          throw new InvalidConfigurationException(
              path(key)
                  + " = "
                  + render(entry.getValue())
                  + origin(entry.getValue())
                  + ": expected an object of servant settings such as "
                  + "{ lifecycle = pooled }, with keys "
                  + servantKeys);
        }
        String rest = ConfigUtil.joinPath(parts.subList(2, parts.size()));
        if (!servantKeys.contains(rest)) {
          throw unknownKey(key, entry.getValue(), servantKeys);
        }
      } else if (!knownKeys.contains(key)) {
        throw unknownKey(key, entry.getValue(), knownKeys);
      }
    }
  }

  private InvalidConfigurationException unknownKey(
      String key, ConfigValue value, Set<String> accepted) {
    return new InvalidConfigurationException(
        path(key)
            + origin(value)
            + ": unknown key; accepted keys are "
            + accepted
            + (accepted == knownKeys ? " and servants.\"<service>\".<servant key>" : ""));
  }

  private static ServantPolicy policy(Config c, Where where) {
    Lifecycle lifecycle = enumValue(c, where, "lifecycle", Lifecycle.values(), Lifecycle::configName);
    Concurrency concurrency =
        enumValue(c, where, "concurrency", Concurrency.values(), Concurrency::configName);
    int min = intIn(c, where, "pool.min", 0, Integer.MAX_VALUE);
    int max = intIn(c, where, "pool.max", 1, Integer.MAX_VALUE);
    Duration maxWait = duration(c, where, "pool.max-wait", true);
    Duration idle = duration(c, where, "pool.idle", false);
    if (min > max) {
      throw bad(c, where, "pool.min", "an integer <= " + described(c, where, "pool.max"));
    }
    return new ServantPolicy(lifecycle, concurrency, new PoolPolicy(min, max, maxWait, idle));
  }

  /**
   * The attributes of {@code @Servant} on {@code servantClass} that differ from their defaults,
   * as a config layer; unset attributes leave room for {@code servant-defaults}.
   */
  private static Config annotationLayer(Class<?> servantClass) {
    Servant servant = servantClass == null ? null : servantClass.getAnnotation(Servant.class);
    if (servant == null) {
      return ConfigFactory.empty();
    }
    Map<String, Object> map = new LinkedHashMap<>();
    putIfSet(map, "lifecycle", servant, "lifecycle", servant.lifecycle().configName());
    putIfSet(map, "concurrency", servant, "concurrency", servant.concurrency().configName());
    Pool pool = servant.pool();
    Map<String, Object> poolMap = new LinkedHashMap<>();
    putIfSet(poolMap, "min", pool, "min", pool.min());
    putIfSet(poolMap, "max", pool, "max", pool.max());
    putIfSet(poolMap, "max-wait", pool, "maxWait", pool.maxWait());
    putIfSet(poolMap, "idle", pool, "idle", pool.idle());
    if (!poolMap.isEmpty()) {
      map.put("pool", poolMap);
    }
    return ConfigFactory.parseMap(map, "@Servant on " + servantClass.getName());
  }

  private static void putIfSet(
      Map<String, Object> map, String key, Annotation annotation, String attribute, Object value) {
    try {
      Method method = annotation.annotationType().getMethod(attribute);
      if (!method.invoke(annotation).equals(method.getDefaultValue())) {
        map.put(key, value);
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read @" + annotation.annotationType().getName()
          + "." + attribute, e);
    }
  }


  // ---- typed readers: every failure names the path, the value, its origin and what is accepted

  /**
   * For messages: the block of {@code remoting} that holds the value of a key, such as {@code
   * server.tls}, or "" for the top.
   */
  @FunctionalInterface
  interface Where {
    String block(String key);

    /** Every key in {@code block}. */
    static Where at(String block) {
      return key -> block;
    }
  }

  static <E extends Enum<E>> E enumValue(
      Config c, Where where, String key, E[] values, Function<E, String> configName) {
    String text = string(c, where, key);
    List<String> accepted = new ArrayList<>();
    for (E value : values) {
      String name = configName.apply(value);
      if (name.equals(text)) {
        return value;
      }
      accepted.add(name);
    }
    throw bad(c, where, key, "one of " + accepted);
  }

  private static int intIn(Config c, String key, int min, int max) {
    return intIn(c, TOP, key, min, max);
  }

  private static int intIn(Config c, Where where, String key, int min, int max) {
    int value;
    try {
      value = c.getInt(key);
    } catch (ConfigException e) {
      throw bad(c, where, key, acceptedRange(min, max));
    }
    if (value < min || value > max) {
      throw bad(c, where, key, acceptedRange(min, max));
    }
    return value;
  }

  private static String acceptedRange(int min, int max) {
    return max == Integer.MAX_VALUE
        ? "an integer >= " + min
        : "an integer from " + min + " to " + max;
  }

  private static Duration duration(Config c, String key, boolean allowZero) {
    return duration(c, TOP, key, allowZero);
  }

  private static Duration duration(Config c, Where where, String key, boolean allowZero) {
    String accepted =
        "a " + (allowZero ? "non-negative" : "positive") + " duration such as 250ms, 30s or 5m";
    Duration value;
    try {
      value = c.getDuration(key);
    } catch (ConfigException e) {
      throw bad(c, where, key, accepted);
    }
    if (value.isNegative() || (!allowZero && value.isZero())) {
      throw bad(c, where, key, accepted);
    }
    return value;
  }

  /** A duration of at least one second, in whole seconds. */
  private static Duration wholeSeconds(Config c, String key) {
    Duration value = duration(c, key, false);
    if (value.getNano() != 0 || value.getSeconds() < 1 || value.getSeconds() > Integer.MAX_VALUE) {
      throw bad(c, TOP, key, "a whole number of seconds, at least 1s, such as 10s or 1m");
    }
    return value;
  }

  /** 0 (off), or a duration of at least one second. */
  private static Duration offOrAtLeastOneSecond(Config c, String key) {
    Duration value = duration(c, key, true);
    if (!value.isZero() && value.compareTo(Duration.ofSeconds(1)) < 0) {
      throw bad(c, TOP, key, "0s (off) or a duration of at least 1s, such as 30m or 1h");
    }
    return value;
  }

  private static int bytes(Config c, String key, long min, long max) {
    String accepted = "a size from " + min + " bytes to 2GiB, such as 512KiB or 4MiB";
    long value;
    try {
      value = c.getBytes(key);
    } catch (ConfigException e) {
      throw bad(c, TOP, key, accepted);
    }
    if (value < min || value > max) {
      throw bad(c, TOP, key, accepted);
    }
    return (int) value;
  }

  private static boolean bool(Config c, String key) {
    return bool(c, TOP, key);
  }

  static boolean bool(Config c, Where where, String key) {
    try {
      return c.getBoolean(key);
    } catch (ConfigException e) {
      throw bad(c, where, key, "true or false");
    }
  }

  private static String string(Config c, String key) {
    return string(c, TOP, key);
  }

  static String string(Config c, Where where, String key) {
    try {
      return c.getString(key);
    } catch (ConfigException e) {
      throw bad(c, where, key, "a string");
    }
  }

  /** The error for the value of {@code key} (in the block at {@code where}): what is accepted. */
  static InvalidConfigurationException bad(
      Config c, Where where, String key, String accepted) {
    return new InvalidConfigurationException(described(c, where, key) + ": expected " + accepted);
  }

  /** {@code remoting.<where>.<key> = <value> (from <origin>)}: the key path, value and origin. */
  private static String described(Config c, Where where, String key) {
    String block = where.block(key);
    String full = block.isEmpty() ? key : block + "." + key;
    ConfigValue value = c.hasPathOrNull(key) ? c.getValue(key) : null;
    return path(full) + " = " + (value == null ? "(missing)" : render(value) + origin(value));
  }

  private static String path(String relative) {
    return ROOT + "." + relative;
  }

  private static String render(ConfigValue value) {
    return value.render(ConfigRenderOptions.concise());
  }

  private static String origin(ConfigValue value) {
    return " (from " + value.origin().description() + ")";
  }

  private static Set<String> leafPaths(Config config) {
    Set<String> paths = new TreeSet<>();
    for (Map.Entry<String, ConfigValue> entry : config.entrySet()) {
      paths.add(entry.getKey());
    }
    return paths;
  }
}
