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
    RemotingConfig config = load("");
    assertEquals(7070, config.server().port());
    assertEquals("0.0.0.0", config.server().host());
    assertEquals(Duration.ofSeconds(10), config.server().shutdownTimeout());
    assertEquals(Duration.ofSeconds(30), config.client().deadline());
    assertEquals(ServantPolicy.DEFAULT, config.servantPolicy("x.Y", PlainServant.class));
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

  @Test
  void servantDefaultsFromTheFileSitBelowTheAnnotation() {
    RemotingConfig config = load("remoting.servant-defaults.lifecycle = lazy");
    assertEquals(Lifecycle.LAZY, config.servantPolicy("x.Y", PlainServant.class).lifecycle());
    assertEquals(Lifecycle.POOLED, config.servantPolicy("x.Y", AnnotatedServant.class).lifecycle());
  }

  @Test
  void systemPropertiesOverrideTheFile() {
    System.setProperty("remoting.servants.\"x.Y\".lifecycle", "per-request");
    ConfigFactory.invalidateCaches();
    try {
      RemotingConfig config = load("remoting.servants.\"x.Y\".lifecycle = lazy");
      assertEquals(
          Lifecycle.PER_REQUEST, config.servantPolicy("x.Y", PlainServant.class).lifecycle());
      RemotingConfig fromLoad =
          RemotingConfig.load(ConfigFactory.load(), RemotingConfigTest.class.getClassLoader());
      assertEquals(
          Lifecycle.PER_REQUEST,
          fromLoad.servantPolicy("x.Y", PlainServant.class).lifecycle(),
          "ConfigFactory.load() splits the quoted name naively; we still read it right");
    } finally {
      System.clearProperty("remoting.servants.\"x.Y\".lifecycle");
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
        "remoting.servant-defaults.pool { min = 5, max = 2 }", "pool", "min (5)", "max (2)");
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
