package org.remoting.samples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.remoting.AccessDeniedException;
import org.remoting.ObjectNotFoundException;
import org.remoting.PollObject;
import org.remoting.ResultCallback;
import org.remoting.invocation.Invocations;
import org.remoting.runtime.Remoting;
import org.remoting.runtime.RemotingClient;

/**
 * The sample client: calls every sample service and prints what happens, with evidence. Each
 * sample is a section of its output and can be run alone ({@code client --only leased}).
 */
public final class SampleClient {
  /** The samples, in the order they run. */
  public static final List<String> SAMPLES =
      List.of(
          "static", "lazy", "per-request", "pooled", "two-configs", "leased", "passivated",
          "styles", "errors");

  private static final int BURST_CALLS = 6;
  private static final long BURST_WORK_MILLIS = 300;

  private final RemotingClient client;
  private final String compareTarget; // the second server of the tour, or null
  private Burst pooledBurst; // what the pooled section saw, compared in two-configs

  private SampleClient(RemotingClient client, String compareTarget) {
    this.client = client;
    this.compareTarget = compareTarget;
  }

  /** Runs every sample against the server at {@code target}; returns on success. */
  public static void run(String target) throws Exception {
    run(target, null, SAMPLES);
  }

  /**
   * Runs the named samples against the server at {@code target}.
   *
   * @param compareTarget a second server, started with {@code
   *     samples/conf/server-per-request.conf}, for the {@code two-configs} sample; or {@code null},
   *     and that sample only says how to run it
   * @param samples names from {@link #SAMPLES}, run in the order of {@link #SAMPLES}
   * @throws IllegalArgumentException if a name is not a sample
   */
  public static void run(String target, String compareTarget, Collection<String> samples)
      throws Exception {
    for (String sample : samples) {
      if (!SAMPLES.contains(sample)) {
        throw new IllegalArgumentException(
            "no sample '" + sample + "'; the samples are " + SAMPLES);
      }
    }
    try (RemotingClient client = RemotingClient.connect(target)) {
      SampleClient samplesClient = new SampleClient(client, compareTarget);
      for (String sample : SAMPLES) {
        if (samples.contains(sample)) {
          samplesClient.runSample(sample);
        }
      }
    }
  }

  private void runSample(String sample) throws Exception {
    switch (sample) {
      case "static" -> staticLifecycle(client.lookup(Calculator.class));
      case "lazy" -> lazyLifecycle(client.lookup(QuoteService.class));
      case "per-request" -> perRequestLifecycle(client.lookup(DocumentConverter.class));
      case "pooled" -> pooledLifecycle(client.lookup(ExpressionParser.class));
      case "two-configs" -> twoConfigs();
      case "leased" -> leasedLifecycle();
      case "passivated" -> passivatedLifecycle();
      case "styles" -> invocationStyles(
          client.lookup(AuditLog.class),
          client.lookup(ExpressionParser.class),
          client.lookup(QuoteService.class));
      case "errors" -> errors();
      default -> throw new AssertionError(sample);
    }
  }

  private static void staticLifecycle(Calculator calc) throws Exception {
    section("STATIC lifecycle: demo.Calculator, one instance created at server start");
    say("add(2, 3) = " + calc.add(2, 3));
    say("add(2_000_000_000L, 2_000_000_000L) = " + calc.add(2_000_000_000L, 2_000_000_000L)
        + "   (overload, wire name addLongs)");
    Set<Integer> instances = new TreeSet<>();
    for (int i = 0; i < 5; i++) {
      instances.add(calc.instance());
    }
    say("5 calls were served by instances " + instances + "   <- one shared instance");
    try {
      calc.divide(1, 0);
    } catch (Calculator.DivisionByZeroException e) {
      say("divide(1, 0) threw the declared " + e.getClass().getSimpleName() + ": "
          + e.getMessage());
    }
  }

  private static void lazyLifecycle(QuoteService quotes) {
    section("LAZY lifecycle: demo.QuoteService, created by the first call");
    QuoteService.Quote first = quotes.quote("ACME");
    QuoteService.Quote second = quotes.quote("INIT");
    say("quote(ACME) = " + first.price() + " at " + first.at() + " by instance #"
        + first.servedByInstance());
    say("quote(INIT) = " + second.price() + " by instance #" + second.servedByInstance()
        + "   <- same instance, created once (see the server's line above)");
  }

  private static void perRequestLifecycle(DocumentConverter converter) {
    section("PER-REQUEST lifecycle: demo.DocumentConverter, a new instance per call");
    DocumentConverter.Document doc =
        new DocumentConverter.Document("notes", List.of("first line", "second line"));
    Set<Integer> instances = new TreeSet<>();
    for (int i = 0; i < 3; i++) {
      DocumentConverter.Converted converted = converter.toUpperCase(doc);
      instances.add(converted.convertedByInstance());
      if (i == 0) {
        say("toUpperCase -> " + converted.document());
      }
    }
    say("3 calls were served by instances " + instances + "   <- a fresh instance each time");
  }

  private void pooledLifecycle(ExpressionParser parser) throws Exception {
    section("POOLED lifecycle: demo.ExpressionParser, instances reused, at most pool.max at once");
    Burst burst = burst(parser);
    say(BURST_CALLS + " calls of evaluate(..., " + BURST_WORK_MILLIS + " ms) sent at once were"
        + " served by instances " + burst.instances() + ": at most " + burst.maxAlive()
        + " alive, " + burst.maxRunning() + " running at once");
    say("their latencies: " + burst.latencies() + " ms, all done in " + burst.millis() + " ms"
        + (burst.waited() == 0
            ? "   <- no caller waited: the pool had an instance for each"
            : "   <- " + burst.waited() + " callers waited for a free instance"));
    pooledBurst = burst;
  }

  /** One servant class under two config files: the tour's second server differs by one line. */
  private void twoConfigs() throws Exception {
    section("ONE SERVANT, TWO CONFIG FILES: ExpressionParserServant pooled, then per-request");
    if (compareTarget == null) {
      say("needs a second server started with samples/conf/server-per-request.conf; the tour"
          + " starts one, or run");
      say("  java -jar samples/target/remoting-samples.jar server --port 7071"
          + " --config samples/conf/server-per-request.conf");
      say("  java -jar samples/target/remoting-samples.jar client --only two-configs"
          + " --compare localhost:7071");
      return;
    }
    Burst pooled = pooledBurst != null ? pooledBurst : burst(client.lookup(ExpressionParser.class));
    Burst perRequest;
    try (RemotingClient second = RemotingClient.connect(compareTarget)) {
      perRequest = burst(second.lookup(ExpressionParser.class));
    }
    say("the same class and the same " + BURST_CALLS + " concurrent calls; only the server's"
        + " file differs: server-per-request.conf says lifecycle = per-request");
    say(String.format(Locale.ROOT, "%-38s %9s %12s %7s %8s",
        "config file", "instances", "most running", "waited", "time"));
    say(pooled.row("samples/conf/server.conf"));
    say(perRequest.row("samples/conf/server-per-request.conf"));
    say(pooled.instances().size() < perRequest.instances().size()
        ? "<- pooled caps the instances and callers queue; per-request makes one per call"
        : "<- this pool never ran out (pool.max >= " + BURST_CALLS + "?): both used an instance"
            + " per concurrent call");
  }

  private void leasedLifecycle() throws Exception {
    section("LEASED lifecycle: demo.Cart, made by demo.Shop.newCart, alive while its client renews"
        + " its lease");
    Shop shop = client.lookup(Shop.class);
    Cart ann = shop.newCart("ann");
    Duration remaining = Remoting.leaseRemaining(ann).orElseThrow();
    say("shop.newCart(\"ann\") -> a proxy of object '" + Remoting.objectId(ann)
        + "'   <- 22 URL-safe characters, 128 random bits");
    say("leaseRemaining(ann's cart) = " + seconds(remaining) + "   <- lease.duration of demo.Cart"
        + " (samples/conf/server.conf), less the time since newCart");
    // The lease the server grants, taking the time since newCart as less than half a second.
    Duration lease = Duration.ofMillis((remaining.toMillis() + 499) / 500 * 500);
    ann.add("apple");
    ann.add("pear");
    say("ann's cart: add(apple), add(pear), items() = " + ann.items() + ", isLeased = "
        + Remoting.isLeased(ann));
    Cart carol = shop.newCart("carol");
    carol.add("milk");
    say("this client also holds carol's cart, and renews both in one call every "
        + seconds(lease.dividedBy(2)) + " (half the lease)");

    // A client whose lease renewals never run (its scheduler drops every task): as if it crashed.
    try (RemotingClient stalled =
        RemotingClient.builder()
            .target(client.target())
            .scheduler((task, delay, unit) -> () -> {})
            .build()) {
      Cart bob = stalled.lookup(Shop.class).newCart("bob");
      bob.add("bread");
      say("a second client that stopped renewing (as if it crashed) holds bob's cart '"
          + Remoting.objectId(bob) + "'");
      holdBoth(ann, bob, lease);
    }

    Shop.LeaseCounters counters = shop.cartLeases();
    say("the server counted " + counters.renewCalls() + " renew calls renewing "
        + counters.leasesRenewed() + " leases; " + counters.expired() + " lease expired"
        + "   <- one call per interval renews all of a client's carts");

    Shop.Order order = shop.checkout(ann);
    say("shop.checkout(ann's cart) -> " + order
        + "   <- passed back by reference: the shop got the live servant");
    boolean released = Remoting.release(ann);
    say("Remoting.release(ann's cart) -> " + released + "; this client now holds "
        + client.leasedObjects() + " leased object (carol's, released when the client closes)");
    try {
      ann.items();
      say("ann's cart still answers?!");
    } catch (ObjectNotFoundException e) {
      say("ann's cart.items() -> " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /** Holds both carts for more than two lease periods, showing what the server says of each. */
  private static void holdBoth(Cart ann, Cart bob, Duration lease) throws InterruptedException {
    // Three looks, 0.75 lease apart: 2.25 lease periods in all (4.5 s for a 2 s lease).
    Duration step = lease.multipliedBy(3).dividedBy(4);
    if (step.compareTo(Duration.ofMillis(1500)) > 0) {
      say("(a long lease: holding the carts for 4.5 s only; set lease.duration = 2s to see bob's"
          + " cart expire)");
      step = Duration.ofMillis(1500);
    }
    long start = System.nanoTime();
    boolean bobEnded = false;
    for (int look = 1; look <= 3; look++) {
      Thread.sleep(Math.max(0,
          step.multipliedBy(look).toMillis() - (System.nanoTime() - start) / 1_000_000));
      String t = String.format(Locale.ROOT, "t=%.1fs", (System.nanoTime() - start) / 1e9);
      String annState = "ann: lease remaining "
          + Remoting.leaseRemaining(ann).map(SampleClient::seconds).orElse("none") + ", items "
          + ann.items();
      String bobState;
      if (bobEnded) {
        bobState = "bob: (ended)";
      } else {
        try {
          List<String> items = bob.items();
          bobState = "bob: lease remaining "
              + Remoting.leaseRemaining(bob).map(SampleClient::seconds).orElse("none")
              + ", items " + items;
        } catch (ObjectNotFoundException e) {
          bobEnded = true;
          bobState = "bob: " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
      }
      say(t + "  " + annState + " | " + bobState);
    }
    double periods = 3.0 * step.toMillis() / lease.toMillis();
    say("<- ann's cart outlived " + String.format(Locale.ROOT, "%.2f", periods)
        + " lease periods, renewed"
        + (bobEnded ? "; bob's expired a lease after it was made" : ""));
  }

  private void passivatedLifecycle() throws Exception {
    section("PASSIVATED lifecycle: demo.BankAccount, by id, state saved to disk when idle");
    BankAccount account = client.lookup(BankAccount.class, "acct-42");
    long before = account.balance();
    say("acct-42: balance " + before + ", deposit(100) -> " + account.deposit(100)
        + "   (the balance survives server restarts: samples/data)");
    say("idle for 3 s (passivation.idle = 2s in samples/conf/server.conf) ...");
    Thread.sleep(3_000);
    say("balance() -> " + account.balance()
        + "   <- reactivated from the store (see the server's lines)");
    try {
      client.lookup(BankAccount.class, "vault-1").balance();
    } catch (AccessDeniedException e) {
      say("vault-1: denied by the server's access policy (PERMISSION_DENIED): "
          + e.getMessage().substring(e.getMessage().lastIndexOf(": ") + 2));
    }
  }

  private static void invocationStyles(
      AuditLog audit, ExpressionParser parser, QuoteService quotes) throws Exception {
    section("SYNC invocation: the caller blocks until the result arrives (every call above)");
    long start = System.nanoTime();
    long value = parser.evaluate("1 + 2", BURST_WORK_MILLIS).value();
    say("evaluate(\"1 + 2\", " + BURST_WORK_MILLIS + " ms) blocked the caller for "
        + millisSince(start) + " ms and returned " + value
        + "   (deadline: remoting.client.deadline)");

    section("FIRE-AND-FORGET invocation: demo.AuditLog.record is declared @OneWay");
    start = System.nanoTime();
    for (int i = 1; i <= 1000; i++) {
      audit.record("event " + i);
    }
    say("1000 record(...) calls returned in " + millisSince(start)
        + " ms without waiting for the server");

    section("SYNC-WITH-SERVER invocation: returns once the server accepted the call, before it"
        + " runs");
    long archiveMillis = 600;
    start = System.nanoTime();
    Invocations.syncWithServer(audit, a -> a.archive(archiveMillis));
    long ackMillis = millisSince(start);
    String status = audit.archiveStatus();
    say("syncWithServer(archive(" + archiveMillis + " ms)) returned after " + ackMillis
        + " ms: the server ran the 1000 calls sent before it, then accepted this one");
    say("archiveStatus() right after the ack: " + status
        + (status.startsWith("done") ? "" : "   <- not completed yet: the ack came first"));
    long ack = System.nanoTime();
    while (!status.startsWith("done") && millisSince(ack) < 10_000) {
      Thread.sleep(50);
      status = audit.archiveStatus();
    }
    say("archiveStatus() " + millisSince(ack) + " ms later: " + status
        + "   <- it ran after the ack, and saw every event sent before it:");
    List<String> events = audit.recent(1000);
    boolean inOrder = events.size() == 1000;
    for (int i = 0; inOrder && i < 1000; i++) {
      inOrder = events.get(i).equals("event " + (i + 1));
    }
    say("events 1..1000 all recorded, in order: " + inOrder
        + "   <- the ack fences the fire-and-forget calls sent before it");

    section("POLL OBJECT invocation: ask now, collect the result later");
    PollObject<ExpressionParser.Result> poll =
        Invocations.poll(parser, p -> p.evaluate("40 + 2", BURST_WORK_MILLIS));
    say("right after the call: isAvailable() = " + poll.isAvailable());
    int polls = 0;
    while (!poll.isAvailable()) {
      polls++;
      Thread.sleep(50);
    }
    say("after " + polls + " polls, 50 ms apart: isAvailable() = true, getResult().value() = "
        + poll.getResult().value());

    section("RESULT CALLBACK invocation: the result is pushed to a callback");
    CountDownLatch done = new CountDownLatch(1);
    String caller = Thread.currentThread().getName();
    Invocations.callback(
        quotes,
        q -> q.quote("ACME"),
        ResultCallback.of(
            quote -> {
              say("onResult(" + quote.symbol() + " " + quote.price() + ") on thread '"
                  + Thread.currentThread().getName() + "' (the caller is '" + caller
                  + "'; never a gRPC transport thread)");
              done.countDown();
            },
            error -> {
              say("onError(" + error + ")");
              done.countDown();
            }));
    say("callback(...) returned at once");
    done.await(10, TimeUnit.SECONDS);
  }

  private void errors() {
    section("Errors: clear exceptions, and the server keeps serving");
    try {
      client.lookup(Calculator.class, "no-such-object").add(1, 1);
    } catch (ObjectNotFoundException e) {
      say("unknown object id -> " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    say("and the next call works: add(1, 1) = " + client.lookup(Calculator.class).add(1, 1));
  }

  /** What {@value #BURST_CALLS} {@code evaluate} calls sent at once saw. */
  private record Burst(
      Set<Integer> instances, int maxAlive, int maxRunning, List<Long> latencies, long millis) {
    /** All calls were sent at once and at most maxRunning ran at once: the others waited. */
    int waited() {
      return latencies.size() - maxRunning;
    }

    String row(String label) {
      return String.format(Locale.ROOT, "%-38s %9d %12d %7s %8s", label, instances.size(),
          maxRunning, waited() + " of " + latencies.size(), millis + " ms");
    }
  }

  private static Burst burst(ExpressionParser parser) throws Exception {
    parser.evaluate("0", 0); // warm up the connection and the server's code path first
    ExecutorService threads = Executors.newFixedThreadPool(BURST_CALLS);
    try {
      CountDownLatch ready = new CountDownLatch(BURST_CALLS);
      CountDownLatch go = new CountDownLatch(1);
      Set<Integer> instances = new TreeSet<>();
      int[] max = {0, 0}; // instances alive, calls running
      List<Future<Long>> calls = new ArrayList<>();
      for (int i = 0; i < BURST_CALLS; i++) {
        int n = i;
        calls.add(threads.submit(() -> {
          ready.countDown();
          go.await(); // all callers start together
          long begun = System.nanoTime();
          ExpressionParser.Result result = parser.evaluate(n + " + 10", BURST_WORK_MILLIS);
          synchronized (instances) {
            instances.add(result.parserInstance());
            max[0] = Math.max(max[0], result.instancesAlive());
            max[1] = Math.max(max[1], result.callsRunning());
          }
          return millisSince(begun);
        }));
      }
      ready.await();
      long start = System.nanoTime();
      go.countDown();
      List<Long> latencies = new ArrayList<>();
      for (Future<Long> call : calls) {
        latencies.add(call.get());
      }
      long millis = millisSince(start);
      latencies.sort(null);
      synchronized (instances) {
        return new Burst(new TreeSet<>(instances), max[0], max[1], latencies, millis);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private static long millisSince(long nanoTime) {
    return (System.nanoTime() - nanoTime) / 1_000_000;
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }

  private static void section(String title) {
    System.out.println();
    System.out.println("== " + title);
  }

  private static void say(String line) {
    System.out.println("  " + line);
  }
}
