package org.remoting.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remoting.DeadlineExceededException;
import org.remoting.ObjectNotFoundException;
import org.remoting.ServantBusyException;
import org.remoting.ServerUnreachableException;
import org.remoting.invocation.Invocations;
import org.remoting.testing.FakeClock;

/**
 * Faults under load, over Netty on loopback: many clients call passivated accounts (acknowledged
 * deposits), a pooled servant and leased carts while clients are killed at random and the server
 * is restarted once. Then: no acknowledged deposit is lost (the file store survives the restart),
 * the pool has no instance in use, and the leases of the dead clients expire.
 *
 * <p>Bounded and self-stopping. The short version runs in {@code mvn verify}; the long one:
 * {@code mvn -pl remoting-runtime verify -Dtest=FaultLoadIntegrationTest -Dfault.seconds=60}
 * (also {@code -Dfault.clients=64 -Dfault.seed=N}).
 */
class FaultLoadIntegrationTest {
  private static final int ACCOUNTS = 16;
  private static final Duration LEASE = Duration.ofSeconds(10);

  @TempDir Path dir;

  private final FakeClock serverClock = new FakeClock(); // leases, idle passivation: frozen
  private final AtomicReference<RemotingServer> server = new AtomicReference<>();
  private final ShopServant shop = new ShopServant();
  private final Tracker tracker = new Tracker();
  private int port;

  private RemotingServer startServer() throws Exception {
    String config =
        "remoting.server { host = \"127.0.0.1\", shutdown-timeout = 5s }\n"
            + "remoting.servants.\"test.Account\".passivation { dir = \""
            + dir.toString().replace("\\", "/")
            + "\", idle = 1h, max-active = 8 }\n"
            + "remoting.servants.\"test.Work\" { lifecycle = pooled,"
            + " pool { min = 0, max = 4, max-wait = 2s } }\n"
            + "remoting.servants.\"test.Cart\".lease { duration = 10s }\n";
    RemotingServer started =
        RemotingServer.builder()
            .port(port)
            .config(ConfigFactory.parseString(config))
            .ticker(serverClock)
            .scheduler(serverClock)
            .export(Account.class, AccountServant.class)
            .export(Work.class, WorkServant.class, () -> new WorkServant(tracker))
            .export(Shop.class, ShopServant.class, () -> shop)
            .build()
            .start();
    port = started.port();
    server.set(started);
    return started;
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long sum(AtomicLongArray counts) {
    long sum = 0;
    for (int i = 0; i < counts.length(); i++) {
      sum += counts.get(i);
    }
    return sum;
  }

  /** A client that never renews its leases on its own: leases end only as this test decides. */
  private RemotingClient newClient() {
    return RemotingClient.builder()
        .target("127.0.0.1:" + port)
        .deadline(Duration.ofSeconds(3))
        .scheduler((task, delay, unit) -> () -> { })
        .build();
  }

  @Test
  void clientsDieAndTheServerRestartsYetNoAcknowledgedCallIsLost() throws Exception {
    long seconds = Long.getLong("fault.seconds", 3);
    int clients = Integer.getInteger("fault.clients", 64);
    long seed = Long.getLong("fault.seed", System.nanoTime());
    System.out.println("fault/load test: " + clients + " clients, " + seconds + " s, seed " + seed);
    startServer();

    AtomicLongArray attempted = new AtomicLongArray(ACCOUNTS);
    AtomicLongArray acknowledged = new AtomicLongArray(ACCOUNTS);
    AtomicInteger generation = new AtomicInteger(1); // which server incarnation is up
    AtomicInteger killed = new AtomicInteger();
    AtomicInteger cartsOfTheDeadOnTheLastServer = new AtomicInteger();
    AtomicLong expectedFailures = new AtomicLong();
    AtomicLong ackedBefore = new AtomicLong();
    AtomicLong ackedAfter = new AtomicLong();
    AtomicLong downtimeMillis = new AtomicLong();
    List<Throwable> unexpected = new CopyOnWriteArrayList<>();
    List<RemotingClient> abandoned = new CopyOnWriteArrayList<>(); // dead: never closed
    List<List<Cart>> abandonedCarts = new CopyOnWriteArrayList<>();
    Map<Integer, Boolean> killOrders = new ConcurrentHashMap<>();
    Map<String, Integer> failureKinds = new ConcurrentHashMap<>();
    long halfNanos = TimeUnit.SECONDS.toNanos(seconds) / 2;
    // Each half runs at least half the time; the second starts with the restart, which waits
    // until the clients got going (a slow machine). Hard cap: four times the duration.
    AtomicLong stopAt = new AtomicLong(System.nanoTime() + 8 * halfNanos);
    long restartAfter = System.nanoTime() + halfNanos;

    ExecutorService pool = Executors.newFixedThreadPool(clients + 1);
    List<Future<?>> workers = new ArrayList<>();
    for (int w = 0; w < clients; w++) {
      int worker = w;
      Random random = new Random(seed + w);
      workers.add(pool.submit(() -> {
        RemotingClient client = newClient();
        List<Cart> carts = new ArrayList<>();
        int cartsOnLastServer = 0;
        while (System.nanoTime() < stopAt.get()) {
          if (killOrders.remove(worker) != null) { // die: no close, no release, no renewal
            abandoned.add(client);
            abandonedCarts.add(carts); // kept reachable: a dead process's GC releases nothing
            if (generation.get() == 2) {
              cartsOfTheDeadOnTheLastServer.addAndGet(cartsOnLastServer);
            }
            killed.incrementAndGet();
            client = newClient();
            carts = new ArrayList<>();
            cartsOnLastServer = 0;
          }
          int account = random.nextInt(ACCOUNTS);
          try {
            switch (random.nextInt(4)) {
              case 0, 1 -> {
                Account a = client.lookup(Account.class, "acct-" + account);
                attempted.incrementAndGet(account);
                Invocations.syncWithServer(a, x -> x.deposit(1));
                acknowledged.incrementAndGet(account);
                (generation.get() == 1 ? ackedBefore : ackedAfter).incrementAndGet();
              }
              case 2 -> client.lookup(Work.class).hold(1);
              default -> {
                int before = generation.get();
                carts.add(client.lookup(Shop.class).newCart("w" + worker));
                if (before == 2 && generation.get() == 2) {
                  cartsOnLastServer++;
                }
              }
            }
          } catch (ServerUnreachableException | DeadlineExceededException
              | ObjectNotFoundException | ServantBusyException e) {
            expectedFailures.incrementAndGet(); // the restart, or a full pool
            failureKinds.merge(e.getClass().getSimpleName() + ": "
                + String.valueOf(e.getMessage()).replaceAll("acct-\\d+|'[^']*'", "_"), 1,
                Integer::sum);
            sleepQuietly(10); // a client that failed waits a little, as real ones do
          } catch (RuntimeException e) {
            unexpected.add(e);
          }
        }
        client.close(); // survivors leave politely: their carts are released
        return null;
      }));
    }
    // The killer, and the one restart halfway.
    Random random = new Random(seed);
    boolean restarted = false;
    while (System.nanoTime() < stopAt.get()) {
      Thread.sleep(20 + random.nextInt(60));
      if (Boolean.parseBoolean(System.getProperty("fault.kill", "true"))) {
        killOrders.put(random.nextInt(clients), true);
      }
      if (!restarted && Boolean.parseBoolean(System.getProperty("fault.restart", "true"))
          && System.nanoTime() > restartAfter
          && sum(acknowledged) > 0) { // on a slow machine, not before the clients got going
        restarted = true;
        RemotingServer first = server.get();
        long down = System.nanoTime();
        first.close(); // graceful: running calls finish, active accounts are saved
        assertEquals(0, first.stats("test.Work").inUse(), "no pooled instance leaked");
        generation.set(2);
        startServer(); // same port, same file store
        stopAt.set(System.nanoTime() + halfNanos);
        downtimeMillis.set((System.nanoTime() - down) / 1_000_000);
      }
    }
    for (Future<?> worker : workers) {
      worker.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();

    RemotingServer last = server.get();
    try (RemotingClient checker = newClient()) {
      long lost = 0;
      for (int i = 0; i < ACCOUNTS; i++) {
        long balance = checker.lookup(Account.class, "acct-" + i).balance();
        if (balance < acknowledged.get(i) || balance > attempted.get(i)) {
          lost++;
          System.out.println("acct-" + i + ": balance " + balance + ", acknowledged "
              + acknowledged.get(i) + ", attempted " + attempted.get(i));
        }
      }
      long totalAcknowledged = 0;
      for (int i = 0; i < ACCOUNTS; i++) {
        totalAcknowledged += acknowledged.get(i);
      }
      assertEquals(0, last.stats("test.Work").inUse(), "no pooled instance leaked");
      int liveBefore = last.leaseStats("test.Cart").active();
      serverClock.advance(LEASE.multipliedBy(2)); // the dead never renew: their leases end
      var leases = last.leaseStats("test.Cart");
      System.out.printf(
          "fault/load figures: acknowledged deposits %d (%d before the restart, %d after; server"
              + " down %d ms), lost %d, clients killed %d, expected"
              + " failures %d, unexpected %d, leases live before expiry %d, expired %d,"
              + " released %d%n",
          totalAcknowledged, ackedBefore.get(), ackedAfter.get(), downtimeMillis.get(), lost,
          killed.get(), expectedFailures.get(), unexpected.size(),
          liveBefore, leases.expired(), leases.released());
      failureKinds.entrySet().stream()
          .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
          .limit(8)
          .forEach(e -> System.out.println("  " + e.getValue() + " x " + e.getKey()));
      assertEquals(List.of(), unexpected, "only unreachable, deadline, not-found and busy");
      assertEquals(0, lost, "every acknowledged deposit is in the file store");
      assertTrue(restarted, "the server was restarted");
      assertTrue(ackedBefore.get() > 0 && ackedAfter.get() > 0, "calls worked on both servers");
      assertEquals(0, leases.active(), "every lease ended: released, or expired");
      assertEquals(liveBefore, leases.expired(), "the leases left were the dead clients'");
      assertTrue(leases.expired() >= cartsOfTheDeadOnTheLastServer.get());
    } finally {
      abandoned.forEach(RemotingClient::close);
      last.close();
    }
  }
}
