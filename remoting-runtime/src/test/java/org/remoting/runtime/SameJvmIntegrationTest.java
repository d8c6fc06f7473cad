package org.remoting.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.remoting.ServerUnreachableException;

/**
 * A client in the same JVM as a server, targeting the server's TCP port, is connected over gRPC's
 * in-process transport; everything works as over the network.
 */
class SameJvmIntegrationTest {
  private static final String PROPERTY = "remoting.client.prefer-in-process";

  @RegisterExtension final RemotingCleanup cleanup = new RemotingCleanup();

  /** The build sets the property to false for every other test; this one tests the default. */
  private static <T> T withDefaultPreference(Supplier<T> action) {
    String saved = System.clearProperty(PROPERTY);
    try {
      return action.get();
    } finally {
      if (saved != null) {
        System.setProperty(PROPERTY, saved);
      }
    }
  }

  private RemotingCleanup.Started start() throws Exception {
    return cleanup.start(
        Transport.NETTY,
        b -> b.config(ConfigFactory.parseString("remoting.server.host = \"127.0.0.1\""))
            .export(Shop.class, ShopServant.class));
  }

  @Test
  void aTargetServedInThisJvmIsReachedInProcess() throws Exception {
    RemotingCleanup.Started started = start();
    for (String target :
        List.of(started.target(), "localhost:" + started.server().port())) {
      RemotingClient client =
          cleanup.register(withDefaultPreference(() -> RemotingClient.connect(target)));
      assertTrue(client.inProcess(), target);
      Shop shop = client.lookup(Shop.class);
      Cart cart = shop.newCart("ann"); // references and leases work the same
      cart.add("apple");
      assertEquals(List.of("apple"), cart.items());
      assertTrue(shop.isLocalServant(cart));
      assertEquals(target, client.target());
    }
  }

  @Test
  void theNetworkIsUsedWhenPreferInProcessIsOffOrTheServerIsElsewhere() throws Exception {
    RemotingCleanup.Started started = start();
    RemotingClient network = cleanup.client(started); // the build's setting: false
    assertFalse(network.inProcess());
    assertEquals("ann", network.lookup(Shop.class).newCart("ann").customer());

    RemotingClient configured =
        cleanup.register(withDefaultPreference(() -> RemotingClient.builder()
            .target(started.target())
            .config(ConfigFactory.parseString(PROPERTY + " = false"))
            .build()));
    assertFalse(configured.inProcess());

    RemotingClient otherPort =
        cleanup.register(withDefaultPreference(() -> RemotingClient.connect("127.0.0.1:1")));
    assertFalse(otherPort.inProcess());
  }

  @Test
  void afterShutdownTheAliasIsGoneToo() throws Exception {
    RemotingCleanup.Started started = start();
    RemotingClient client =
        cleanup.register(withDefaultPreference(() -> RemotingClient.connect(started.target())));
    Shop shop = client.lookup(Shop.class);
    assertEquals("ann", shop.newCart("ann").customer());
    started.server().close();

    assertThrows(ServerUnreachableException.class, () -> shop.newCart("bob"));
    RemotingClient later =
        cleanup.register(withDefaultPreference(() -> RemotingClient.connect(started.target())));
    assertFalse(later.inProcess(), "no longer announced");
  }
}
