package org.remoting.lifecycle.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.remoting.lifecycle.lease.LeaseManagerTest.SERVICE;
import static org.remoting.lifecycle.lease.LeaseManagerTest.START;
import static org.remoting.lifecycle.lease.LeaseManagerTest.wallClock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.remoting.ObjectNotFoundException;
import org.remoting.lifecycle.lease.LeaseManagerTest.Cart;
import org.remoting.testing.FakeClock;

/** Real threads against a fake clock: races between calls, renewals, expiry and release. */
class LeaseManagerConcurrencyTest {
  private static final Duration LEASE = Duration.ofSeconds(1);
  private static final int THREADS = 16;

  private final FakeClock clock = new FakeClock();
  private final LeaseManager<Cart> manager =
      new LeaseManager<>(
          SERVICE,
          new LeasePolicy(LEASE, LEASE.multipliedBy(4), Duration.ofSeconds(2)),
          clock,
          clock,
          wallClock(clock, START));
  private final ExecutorService executor = Executors.newFixedThreadPool(THREADS);

  @AfterEach
  void shutDown() {
    executor.shutdownNow();
  }

  @Test
  void hammerCallsWhileLeasesExpire() throws Exception {
    Map<String, Cart> carts = new ConcurrentHashMap<>();
    List<String> ids = new CopyOnWriteArrayList<>();
    List<String> kept = new ArrayList<>(); // renewed at every step, so they never expire
    for (int i = 0; i < 256; i++) {
      Cart cart = new Cart();
      String id = manager.register(cart);
      carts.put(id, cart);
      ids.add(id);
      if (i % 2 == 0) {
        kept.add(id);
      }
    }
    Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    AtomicLong calls = new AtomicLong();
    AtomicLong notFound = new AtomicLong();
    CountDownLatch stop = new CountDownLatch(1);
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      workers.add(
          executor.submit(
              () -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (stop.getCount() > 0) {
                  String id = ids.get(random.nextInt(ids.size()));
                  try {
                    Cart cart = manager.acquire(id);
                    cart.holders.incrementAndGet();
                    try {
                      if (cart.closes.get() != 0 || cart != carts.get(id)) {
                        unexpected.add(new AssertionError("acquired a closed or wrong cart"));
                      }
                      Thread.onSpinWait();
                    } finally {
                      cart.holders.decrementAndGet();
                      manager.release(id, cart);
                    }
                    calls.incrementAndGet();
                  } catch (ObjectNotFoundException expected) {
                    notFound.incrementAndGet();
                  } catch (Throwable e) {
                    unexpected.add(e);
                  }
                }
              }));
    }

    for (int step = 0; step < 200; step++) {
      clock.advance(Duration.ofMillis(100)); // the sweep runs on this thread, amid the calls
      RenewResult renewed = manager.renew(kept, null);
      assertEquals(kept.size(), renewed.granted().size(), "a kept lease was lost");
      for (int i = 0; i < 2; i++) {
        Cart cart = new Cart();
        String id = manager.register(cart);
        carts.put(id, cart);
        ids.add(id);
      }
      if (step % 10 == 0) {
        manager.releaseLease(ids.get(ids.size() - 1));
      }
      Thread.sleep(1); // let the callers run
    }
    manager.renew(kept, LEASE.multipliedBy(4));
    clock.advance(LEASE.multipliedBy(2)); // every lease but the kept ones ends
    stop.countDown();
    for (Future<?> worker : workers) {
      worker.get(10, TimeUnit.SECONDS);
    }

    assertTrue(unexpected.isEmpty(), () -> "unexpected: " + unexpected);
    assertTrue(calls.get() > 0 && notFound.get() > 0, calls + " calls, " + notFound + " not found");
    int ended = 0;
    for (Map.Entry<String, Cart> entry : carts.entrySet()) {
      Cart cart = entry.getValue();
      assertEquals(0, cart.closedWhileHeld.get(), "closed while a call held it");
      boolean isKept = kept.contains(entry.getKey());
      assertEquals(isKept ? 0 : 1, cart.closes.get(), "closes of a " + (isKept ? "kept" : "dropped") + " cart");
      ended += isKept ? 0 : 1;
    }
    LeaseStats stats = manager.stats();
    assertEquals(kept.size(), stats.active());
    assertEquals(ended, stats.destroyed());
    assertEquals(ended, stats.expired() + stats.released());
    assertEquals(20, stats.released());

    manager.close();
    assertTrue(carts.values().stream().allMatch(c -> c.closes.get() == 1));
  }

  @Test
  void registerRacingCloseDestroysEveryInstanceOnce() throws Exception {
    Queue<Cart> carts = new ConcurrentLinkedQueue<>();
    Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> registrars = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      registrars.add(
          executor.submit(
              () -> {
                go.await();
                for (int i = 0; i < 2_000; i++) {
                  Cart cart = new Cart();
                  carts.add(cart);
                  try {
                    manager.register(cart);
                  } catch (IllegalStateException closed) {
                    return null;
                  } catch (Throwable e) {
                    unexpected.add(e);
                  }
                }
                return null;
              }));
    }
    go.countDown();
    Thread.sleep(2);
    manager.close();
    for (Future<?> registrar : registrars) {
      registrar.get(10, TimeUnit.SECONDS);
    }

    assertTrue(unexpected.isEmpty(), () -> "unexpected: " + unexpected);
    assertTrue(carts.stream().allMatch(c -> c.closes.get() == 1), "every cart closed once");
    assertEquals(carts.size(), manager.stats().destroyed());
    assertEquals(0, manager.stats().active());
  }
}
