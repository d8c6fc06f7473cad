package org.remoting.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.remoting.AccessDeniedException;
import org.remoting.TooManyObjectsException;
import org.remoting.invocation.Invocations;
import org.remoting.runtime.internal.lease.LeaseGroup;
import org.remoting.runtime.internal.lease.LeaseService;
import org.remoting.runtime.internal.lease.RenewReply;

/**
 * Access control over Netty on loopback (mutual TLS needs the network): leased objects bound to
 * the identity that created them, the access policy hook, and the per-client bound on leased
 * objects.
 */
class AccessIntegrationTest {
  private static final String PASSWORD = TestCertificates.PASSWORD;
  private static final String ALICE = TestCertificates.ALICE;
  private static final String BOB = TestCertificates.BOB;
  private static final String CART = "test.Cart";

  static Path serverKeys;
  static Path aliceKeys;
  static Path bobKeys;
  static Path serverTrust;
  static Path clientTrust;

  @RegisterExtension final RemotingCleanup cleanup = new RemotingCleanup();

  private final ShopServant shop = new ShopServant();

  @BeforeAll
  static void makeCertificates() throws Exception {
    TestCertificates certificates = TestCertificates.shared();
    serverKeys = certificates.server();
    aliceKeys = certificates.alice();
    bobKeys = certificates.bob();
    serverTrust = certificates.serverTrust();
    clientTrust = certificates.clientTrust();
  }

  private static String quoted(Path path) {
    return TlsIntegrationTest.quoted(path);
  }

  /** A mutual-TLS server of {@link ShopServant} with {@code config} and {@code policy}. */
  private RemotingCleanup.Started start(String config, AccessPolicy policy) throws Exception {
    Config tls =
        ConfigFactory.parseString(
            "remoting.server.tls { enabled = true, key-store = " + quoted(serverKeys)
                + ", key-store-password = " + PASSWORD + ", trust-store = "
                + quoted(serverTrust) + ", trust-store-password = " + PASSWORD
                + ", client-auth = require }\n" + config);
    return cleanup.start(
        Transport.NETTY,
        b -> {
          b.config(tls).export(Shop.class, ShopServant.class, () -> shop);
          if (policy != null) {
            b.accessPolicy(policy);
          }
        });
  }

  private RemotingClient client(RemotingCleanup.Started started, Path keys) {
    Config tls =
        ConfigFactory.parseString(
            "remoting.client.tls { enabled = true, trust-store = " + quoted(clientTrust)
                + ", trust-store-password = " + PASSWORD + ", key-store = " + quoted(keys)
                + ", key-store-password = " + PASSWORD + " }");
    return cleanup.register(
        RemotingClient.builder()
            .target(started.target())
            .config(tls)
            .deadline(Duration.ofSeconds(10))
            .build());
  }

  @Test
  void aLeasedObjectIsBoundToTheIdentityThatCreatedIt() throws Exception {
    RemotingCleanup.Started started = start("", null);
    RemotingClient alice = client(started, aliceKeys);
    RemotingClient bob = client(started, bobKeys);
    Cart cart = alice.lookup(Shop.class).newCart("alice");
    cart.add("apple");
    String id = Remoting.objectId(cart);

    Cart stolen = bob.lookup(Cart.class, id); // the same id, from another identity
    AccessDeniedException denied = assertThrows(AccessDeniedException.class, stolen::items);
    assertTrue(denied.getMessage().contains("belongs to another client identity"),
        denied.getMessage());
    assertThrows(AccessDeniedException.class, () -> stolen.add("worm"));
    assertThrows(
        AccessDeniedException.class, () -> Invocations.syncWithServer(stolen, c -> c.add("worm")));
    assertThrows(AccessDeniedException.class, () -> bob.lookup(Shop.class).itemsIn(stolen),
        "a reference passed back");

    LeaseService bobsLeases = bob.lookup(LeaseService.class); // the lease protocol, by hand
    List<LeaseGroup> group = List.of(new LeaseGroup(CART, List.of(id)));
    assertThrows(AccessDeniedException.class, () -> bobsLeases.remaining(CART, id));
    RenewReply renewed = bobsLeases.renew(group, Duration.ofMinutes(5));
    assertNull(renewed.shortest());
    assertEquals(group, renewed.denied());
    bobsLeases.release(group);

    assertEquals(List.of("apple"), cart.items(), "alice's object is untouched");
    assertEquals(1, alice.lookup(Shop.class).itemsIn(cart));
    assertTrue(Remoting.leaseRemaining(cart).orElseThrow().compareTo(Duration.ofMinutes(1)) < 0,
        "bob's renewal did not extend it");
    assertEquals(0, started.server().leaseStats(CART).released());
    assertEquals(List.of("apple"), shop.created.get(0).items, "bob never reached the servant");
  }

  @Test
  void aServantCannotHandOneClientsObjectToAnother() throws Exception {
    RemotingCleanup.Started started = start("", null);
    Cart shared = client(started, aliceKeys).lookup(Shop.class).sharedCart();
    shared.add("apple");

    Shop bobsShop = client(started, bobKeys).lookup(Shop.class);

    AccessDeniedException e = assertThrows(AccessDeniedException.class, bobsShop::sharedCart);
    assertTrue(e.getMessage().contains("bound to another client"), e.getMessage());
    assertEquals(List.of("apple"), shared.items());

    // Bob's refused hand-out did not count as a newer reference: alice's release still ends it.
    assertTrue(Remoting.release(shared));
    assertEquals(1, started.server().leaseStats(CART).released());
  }

  @Test
  void anAccessPolicyDeniesMethodsForOneIdentity() throws Exception {
    List<AccessRequest> seen = new CopyOnWriteArrayList<>();
    RemotingCleanup.Started started =
        start("", call -> {
          seen.add(call);
          if (BOB.equals(call.identity()) && !call.method().equals("items")
              && !call.service().equals("remoting.Leases")) {
            throw new AccessDeniedException("bob may only look at carts");
          }
        });
    Shop alicesShop = client(started, aliceKeys).lookup(Shop.class);
    Shop bobsShop = client(started, bobKeys).lookup(Shop.class);

    AccessDeniedException denied =
        assertThrows(AccessDeniedException.class, () -> bobsShop.newCart("bob"));
    assertTrue(denied.getMessage().contains("bob may only look at carts"), denied.getMessage());
    assertTrue(shop.created.isEmpty(), "the servant never ran");

    Cart cart = alicesShop.newCart("alice");
    cart.add("apple");
    assertEquals(List.of("apple"), cart.items());
    AccessRequest creation = seen.stream()
        .filter(r -> r.identity().equals(ALICE) && r.method().equals("newCart"))
        .findFirst()
        .orElseThrow();
    assertEquals("test.Shop", creation.service());
    assertNull(creation.objectId());
    assertInstanceOf(InetSocketAddress.class, creation.peer());
    assertTrue(seen.stream().anyMatch(r -> r.method().equals("add")
        && Remoting.objectId(cart).equals(r.objectId()) && r.service().equals(CART)));

    // one-way calls are checked too, before they are accepted
    assertThrows(AccessDeniedException.class,
        () -> Invocations.syncWithServer(bobsShop, s -> s.newCart("bob")));
    assertTrue(shop.created.stream().noneMatch(c -> c.customer.equals("bob")));
  }

  @Test
  void aFailingPolicyDeniesTheCall() throws Exception {
    RemotingCleanup.Started started =
        start("", call -> {
          throw new IllegalStateException("policy bug");
        });

    AccessDeniedException e =
        assertThrows(
            AccessDeniedException.class,
            () -> client(started, aliceKeys).lookup(Shop.class).newCart("alice"));
    assertTrue(e.getMessage().contains("access policy failed"), e.getMessage());
    assertTrue(!e.getMessage().contains("policy bug"), "the cause stays on the server");
  }

  @Test
  void anIdentityMayHoldAtMostMaxPerClientObjects() throws Exception {
    RemotingCleanup.Started started =
        start("remoting.servants.\"test.Cart\".lease.max-per-client = 2", null);
    Shop alice = client(started, aliceKeys).lookup(Shop.class);
    Shop alsoAlice = client(started, aliceKeys).lookup(Shop.class); // another connection
    Shop bob = client(started, bobKeys).lookup(Shop.class);
    Cart first = alice.newCart("a1");
    alsoAlice.newCart("a2");

    TooManyObjectsException e =
        assertThrows(TooManyObjectsException.class, () -> alice.newCart("a3"));

    assertTrue(e.getMessage().contains("at most 2 live objects of service test.Cart"),
        e.getMessage());
    assertEquals(1, shop.created.get(2).closes.get(), "the refused object is closed");
    assertEquals(2, started.server().leaseStats(CART).active());
    assertEquals("b1", bob.newCart("b1").customer(), "bob counts for himself");
    Remoting.release(first);
    assertEquals("a4", alice.newCart("a4").customer(), "a released object makes room");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void withoutAClientIdentityObjectsAreCountedPerConnectionAndNotBound(Transport transport)
      throws Exception {
    RemotingCleanup.Started started =
        cleanup.start(
            transport,
            b -> b.config(ConfigFactory.parseString(
                    "remoting.servants.\"test.Cart\".lease.max-per-client = 1"))
                .export(Shop.class, ShopServant.class, () -> shop));
    RemotingClient one = cleanup.client(started);
    RemotingClient two = cleanup.client(started);
    Cart cart = one.lookup(Shop.class).newCart("one");

    assertThrows(TooManyObjectsException.class, () -> one.lookup(Shop.class).newCart("again"));
    assertEquals("two", two.lookup(Shop.class).newCart("two").customer());
    two.lookup(Cart.class, Remoting.objectId(cart)).add("by id"); // the id is the capability
    assertEquals(List.of("by id"), cart.items());
  }
}
