package org.remoting.runtime.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.remoting.Concurrency;
import org.remoting.InvalidConfigurationException;
import org.remoting.Lifecycle;
import org.remoting.Pool;
import org.remoting.Servant;
import org.remoting.lifecycle.PoolPolicy;
import org.remoting.lifecycle.ServantPolicy;

class RemotingConfigTest {

  @Servant(lifecycle = Lifecycle.POOLED, pool = @Pool(max = 4, maxWait = "250ms"))
  static class AnnotatedServant {}

  static class PlainServant {}

  private static RemotingConfig load(String hocon) {
    return RemotingConfig.load(
        ConfigFactory.parseString(hocon), RemotingConfigTest.class.getClassLoader());
  }

  @Test
  void builtInDefaults() {
    String host = System.clearProperty("remoting.server.host"); // set for all tests by the pom
    RemotingConfig config;
    try {
      config = load("");
    } finally {
      if (host != null) {
        System.setProperty("remoting.server.host", host);
      }
    }
    assertEquals(7070, config.server().port());
    assertEquals("0.0.0.0", config.server().host());
    assertEquals(Duration.ofSeconds(10), config.server().shutdownTimeout());
    assertEquals(Duration.ofSeconds(30), config.client().deadline());
    assertEquals(ServantPolicy.DEFAULT, config.servantPolicy("x.Y", PlainServant.class));
  }

  @Test
  void http2LimitsHaveSafeDefaults() {
    ServerSettings server = load("").server();
    assertEquals(4 * 1024 * 1024, server.maxInboundMessageSize());
    assertEquals(8 * 1024, server.maxInboundMetadataSize());
    assertEquals(200, server.maxRstFramesPerWindow());
    assertEquals(Duration.ofSeconds(10), server.rstFramesWindow());
    assertEquals(Duration.ofMinutes(5), server.permitKeepAliveTime());
    assertEquals(false, server.permitKeepAliveWithoutCalls());
    assertEquals(Duration.ZERO, server.maxConnectionIdle(), "off");
    assertEquals(Duration.ZERO, server.maxConnectionAge(), "off");

    ServerSettings tuned =
        load(
                "remoting.server { max-inbound-metadata-size = 16KiB, max-rst-frames-per-window = 0,"
                    + " rst-frames-window = 1m, permit-keepalive-time = 30s,"
                    + " permit-keepalive-without-calls = true, max-connection-idle = 15m,"
                    + " max-connection-age = 1h }")
            .server();
    assertEquals(16 * 1024, tuned.maxInboundMetadataSize());
    assertEquals(0, tuned.maxRstFramesPerWindow());
    assertEquals(Duration.ofMinutes(1), tuned.rstFramesWindow());
    assertEquals(Duration.ofSeconds(30), tuned.permitKeepAliveTime());
    assertEquals(true, tuned.permitKeepAliveWithoutCalls());
    assertEquals(Duration.ofMinutes(15), tuned.maxConnectionIdle());
    assertEquals(Duration.ofHours(1), tuned.maxConnectionAge());
  }

  @Test
  void badHttp2LimitsAreRejectedWithTheKey() {
    expect(
        "remoting.server.max-inbound-metadata-size = 100",
        "remoting.server.max-inbound-metadata-size", "100", "size from 1024 bytes");
    expect(
        "remoting.server.max-rst-frames-per-window = -1",
        "remoting.server.max-rst-frames-per-window", "-1", "integer >= 0");
    expect(
        "remoting.server.rst-frames-window = 1500ms",
        "remoting.server.rst-frames-window", "1500ms", "whole number of seconds");
    expect(
        "remoting.server.rst-frames-window = 0s",
        "remoting.server.rst-frames-window", "0s", "positive duration");
    expect(
        "remoting.server.permit-keepalive-time = -1s",
        "remoting.server.permit-keepalive-time", "-1s", "non-negative duration");
    expect(
        "remoting.server.permit-keepalive-without-calls = sometimes",
        "remoting.server.permit-keepalive-without-calls", "sometimes", "true or false");
    expect(
        "remoting.server.max-connection-idle = 500ms",
        "remoting.server.max-connection-idle", "500ms", "0s (off) or a duration of at least 1s");
    expect(
        "remoting.server.max-connection-age = forever",
        "remoting.server.max-connection-age", "forever", "duration");
  }

  @Test
  void annotationDefaultsEqualBuiltInDefaults() {
    @Servant
    class DefaultAnnotated {}
    assertEquals(ServantPolicy.DEFAULT, load("").servantPolicy("x.Y", DefaultAnnotated.class));
  }

  @Test
  void annotationOverridesDefaultsAndFileOverridesAnnotation() {
    ServantPolicy fromAnnotation = load("").servantPolicy("x.Y", AnnotatedServant.class);
    assertEquals(Lifecycle.POOLED, fromAnnotation.lifecycle());
    assertEquals(new PoolPolicy(1, 4, Duration.ofMillis(250), Duration.ofSeconds(60)),
        fromAnnotation.pool());

    ServantPolicy fromFile =
        load("remoting.servants.\"x.Y\" { pool.max = 8, concurrency = serialized }")
            .servantPolicy("x.Y", AnnotatedServant.class);
    assertEquals(Lifecycle.POOLED, fromFile.lifecycle(), "annotation still applies");
    assertEquals(8, fromFile.pool().max(), "file beats annotation");
    assertEquals(Duration.ofMillis(250), fromFile.pool().maxWait());
    assertEquals(Concurrency.SERIALIZED, fromFile.concurrency());
  }

  @Servant(lifecycle = Lifecycle.POOLED)
  static class PooledOnlyServant {}

  @Test
  void servantDefaultsFromTheFileFillWhatTheAnnotationLeavesUnset() {
    RemotingConfig config =
        load("remoting.servant-defaults { lifecycle = lazy, pool.max-wait = 100ms }");
    assertEquals(Lifecycle.LAZY, config.servantPolicy("x.Y", PlainServant.class).lifecycle());
    ServantPolicy pooledOnly = config.servantPolicy("x.Y", PooledOnlyServant.class);
    assertEquals(Lifecycle.POOLED, pooledOnly.lifecycle(), "annotation beats servant-defaults");
    assertEquals(Duration.ofMillis(100), pooledOnly.pool().maxWait(), "unset in the annotation");
    ServantPolicy annotated = config.servantPolicy("x.Y", AnnotatedServant.class);
    assertEquals(Duration.ofMillis(250), annotated.pool().maxWait(), "set in the annotation");
  }


  @Test
  void systemPropertiesOverrideTheFile() {
    System.setProperty("remoting.servants.\"x.Y\".lifecycle", "per-request");
    System.setProperty("remoting.server.port", "9000");
    System.setProperty("remoting.servant-defaults.pool.max", "4");
    ConfigFactory.invalidateCaches();
    try {
      RemotingConfig config =
          load("remoting { server.port = 8000, servants.\"x.Y\".lifecycle = lazy }");
      assertEquals(9000, config.server().port());
      assertEquals(
          Lifecycle.PER_REQUEST, config.servantPolicy("x.Y", PlainServant.class).lifecycle());
      assertEquals(4, config.servantPolicy("x.Y", PlainServant.class).pool().max());
      config.checkServantNames(java.util.Set.of("x.Y"));

      RemotingConfig fromLoad =
          RemotingConfig.load(ConfigFactory.load(), RemotingConfigTest.class.getClassLoader());
      assertEquals(
          Lifecycle.PER_REQUEST,
          fromLoad.servantPolicy("x.Y", PlainServant.class).lifecycle(),
          "ConfigFactory.load() splits the quoted name naively; we still read it right");
      assertEquals(9000, fromLoad.server().port());
      fromLoad.checkServantNames(java.util.Set.of("x.Y"));
    } finally {
      System.clearProperty("remoting.servants.\"x.Y\".lifecycle");
      System.clearProperty("remoting.server.port");
      System.clearProperty("remoting.servant-defaults.pool.max");
      ConfigFactory.invalidateCaches();
    }
  }


  @Test
  void unknownKeysAreRejectedWithPathAndAcceptedKeys() {
    InvalidConfigurationException e =
        assertThrows(InvalidConfigurationException.class, () -> load("remoting.client.deadlin = 1s"));
    assertTrue(e.getMessage().contains("remoting.client.deadlin"), e.getMessage());
    assertTrue(e.getMessage().contains("client.deadline"), e.getMessage());
    assertTrue(e.getMessage().contains("String: 1"), "names the origin: " + e.getMessage());

    e = assertThrows(
        InvalidConfigurationException.class,
        () -> load("remoting.servants.\"x.Y\".pool.maxwait = 1s"));
    assertTrue(e.getMessage().contains("pool.maxwait"), e.getMessage());
    assertTrue(e.getMessage().contains("pool.max-wait"), e.getMessage());

    e = assertThrows(InvalidConfigurationException.class, () -> load("remoting.servants.\"x.Y\" = 3"));
    assertTrue(e.getMessage().contains("expected an object"), e.getMessage());
  }

  @Test
  void badValuesAreRejectedWithPathValueAndWhatIsAccepted() {
    expect("remoting.server.port = 70000", "remoting.server.port", "70000", "0 to 65535");
    expect("remoting.server.port = seven", "remoting.server.port", "seven", "integer");
    expect("remoting.client.deadline = 0s", "remoting.client.deadline", "0s", "positive duration");
    expect("remoting.client.deadline = soon", "remoting.client.deadline", "soon", "duration");
    expect(
        "remoting.servant-defaults.concurrency = parallel",
        "concurrency", "parallel", "[shared, serialized]");
    expect("remoting.servant-defaults.pool.max = 0", "pool.max", "0", ">= 1");
    expect(
        "remoting.servant-defaults.pool { min = 5, max = 2 }",
        "remoting.servant-defaults.pool.min = 5",
        "expected an integer <= remoting.servant-defaults.pool.max = 2");
  }

  @Test
  void poolMinAboveMaxNamesBothKeysAndValues() {
    RemotingConfig config = load("remoting.servants.\"x.Y\".pool { min = 5, max = 2 }");
    InvalidConfigurationException e =
        assertThrows(
            InvalidConfigurationException.class,
            () -> config.servantPolicy("x.Y", PlainServant.class));
    assertEquals(
        "remoting.servants.\"x.Y\".pool.min = 5 (from String: 1): expected an integer <="
            + " remoting.servants.\"x.Y\".pool.max = 2 (from String: 1)",
        e.getMessage());
  }

  @Test
  void aBadValueInheritedFromServantDefaultsIsReportedUnderServantDefaults() {
    InvalidConfigurationException e =
        assertThrows(
            InvalidConfigurationException.class,
            () -> load("remoting.servant-defaults.executor = fast")
                .directExecutor("x.Y", PlainServant.class));
    assertEquals(
        "remoting.servant-defaults.executor = \"fast\" (from String: 1): expected one of"
            + " [pool, direct]",
        e.getMessage());

    RemotingConfig minFromDefaults =
        load("remoting { servant-defaults.pool.min = 5, servants.\"x.Y\".pool.max = 2 }");
    e = assertThrows(
        InvalidConfigurationException.class,
        () -> minFromDefaults.servantPolicy("x.Y", PlainServant.class));
    assertEquals(
        "remoting.servant-defaults.pool.min = 5 (from String: 1): expected an integer <="
            + " remoting.servants.\"x.Y\".pool.max = 2 (from String: 1)",
        e.getMessage());

    RemotingConfig longLease = load("remoting.servants.\"x.Y\".lease.duration = 20m");
    e = assertThrows(
        InvalidConfigurationException.class,
        () -> longLease.leasePolicy("x.Y", PlainServant.class));
    assertTrue(
        e.getMessage().startsWith("remoting.servant-defaults.lease.max-duration = \"10m\" (from "),
        e.getMessage());
    assertTrue(
        e.getMessage().endsWith(
            ": expected a duration >= remoting.servants.\"x.Y\".lease.duration = \"20m\""
                + " (from String: 1)"),
        e.getMessage());
  }

  @Test
  void badValueInAServiceEntryIsReportedWhenThePolicyIsRead() {
    RemotingConfig config = load("remoting.servants.\"x.Y\".pool.idle = -1s");
    InvalidConfigurationException e =
        assertThrows(
            InvalidConfigurationException.class,
            () -> config.servantPolicy("x.Y", PlainServant.class));
    assertTrue(e.getMessage().contains("remoting.servants.\"x.Y\".pool.idle"), e.getMessage());
    assertTrue(e.getMessage().contains("positive duration"), e.getMessage());
  }

  private static void expect(String hocon, String... parts) {
    InvalidConfigurationException e =
        assertThrows(InvalidConfigurationException.class, () -> load(hocon));
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "'" + part + "' in: " + e.getMessage());
    }
  }
}
