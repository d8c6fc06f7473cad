package org.remoting.samples;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.remoting.ObjectNotFoundException;
import org.remoting.PollObject;
import org.remoting.ResultCallback;
import org.remoting.invocation.Invocations;
import org.remoting.runtime.RemotingClient;

/** The sample client: calls every sample service and prints what happens, with evidence. */
public final class SampleClient {
  private SampleClient() {}

  /** Walks through every lifecycle against the server at {@code target}; returns on success. */
  public static void run(String target) throws Exception {
    try (RemotingClient client = RemotingClient.connect(target)) {
      staticLifecycle(client.lookup(Calculator.class));
      lazyLifecycle(client.lookup(QuoteService.class));
      perRequestLifecycle(client.lookup(DocumentConverter.class));
      pooledLifecycle(client.lookup(ExpressionParser.class));
      passivatedLifecycle(client);
      invocationStyles(
          client.lookup(AuditLog.class),
          client.lookup(ExpressionParser.class),
          client.lookup(QuoteService.class));
      errors(client);
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
      say("divide(1, 0) threw the declared " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private static void lazyLifecycle(QuoteService quotes) {
    section("LAZY lifecycle: demo.QuoteService, created by the first call");
    QuoteService.Quote first = quotes.quote("ACME");
    QuoteService.Quote second = quotes.quote("INIT");
    say("quote(ACME) = " + first.price() + " at " + first.at() + " by instance #" + first.servedByInstance());
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

  private static void pooledLifecycle(ExpressionParser parser) throws Exception {
    section("POOLED lifecycle: demo.ExpressionParser, instances reused, at most pool.max at once");
    ExecutorService threads = Executors.newFixedThreadPool(6);
    try {
      long start = System.nanoTime();
      List<Future<ExpressionParser.Result>> calls = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        int n = i;
        calls.add(threads.submit(() -> parser.evaluate(n + " + 10", 300)));
      }
      Set<Integer> instances = new TreeSet<>();
      int maxAlive = 0;
      for (Future<ExpressionParser.Result> call : calls) {
        ExpressionParser.Result result = call.get();
        instances.add(result.parserInstance());
        maxAlive = Math.max(maxAlive, result.instancesAlive());
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      say("6 concurrent 300 ms calls were served by instances " + instances
          + ", at most " + maxAlive + " alive, in " + millis + " ms"
          + "   <- callers waited for a free instance");
    } finally {
      threads.shutdownNow();
    }
  }

  private static void passivatedLifecycle(RemotingClient client) throws Exception {
    section("PASSIVATED lifecycle: demo.BankAccount, by id, state saved to disk when idle");
    BankAccount account = client.lookup(BankAccount.class, "acct-42");
    long before = account.balance();
    say("acct-42: balance " + before + ", deposit(100) -> " + account.deposit(100)
        + "   (the balance survives server restarts: samples/data)");
    say("idle for 3 s (passivation.idle = 2s in samples/conf/server.conf) ...");
    Thread.sleep(3_000);
    say("balance() -> " + account.balance() + "   <- reactivated from the store (see the server's lines)");
  }

  private static void invocationStyles(
      AuditLog audit, ExpressionParser parser, QuoteService quotes) throws Exception {
    section("SYNC invocation: every call above blocked until its result arrived");
    say("(the default style; deadline from remoting.client.deadline)");

    section("FIRE-AND-FORGET invocation: demo.AuditLog.record is declared @OneWay");
    long start = System.nanoTime();
    for (int i = 1; i <= 1000; i++) {
      audit.record("event " + i);
    }
    say("1000 record(...) calls returned in " + (System.nanoTime() - start) / 1_000_000
        + " ms without waiting for the server");

    section("SYNC-WITH-SERVER invocation: returns once the server accepted the call");
    Invocations.syncWithServer(audit, a -> a.record("order 42 placed"));
    say("acknowledged; it also fences the fire-and-forget calls sent before it:");
    List<String> events = audit.recent(1001);
    boolean inOrder = events.size() >= 1000;
    for (int i = 0; inOrder && i < 1000; i++) {
      inOrder = events.get(i).equals("event " + (i + 1));
    }
    say("events 1..1000 all recorded, in order: " + inOrder + "   <- nothing lost or reordered");

    section("POLL OBJECT invocation: ask now, collect the result later");
    PollObject<ExpressionParser.Result> poll =
        Invocations.poll(parser, p -> p.evaluate("40 + 2", 300));
    say("right after the call: isAvailable() = " + poll.isAvailable());
    int polls = 0;
    while (!poll.isAvailable()) {
      polls++;
      Thread.sleep(50);
    }
    say("after " + polls + " polls: isAvailable() = true, getResult().value() = "
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

  private static void errors(RemotingClient client) {
    section("Errors: clear exceptions, and the server keeps serving");
    try {
      client.lookup(Calculator.class, "no-such-object").add(1, 1);
    } catch (ObjectNotFoundException e) {
      say("unknown object id -> " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    say("and the next call works: add(1, 1) = " + client.lookup(Calculator.class).add(1, 1));
  }

  private static void section(String title) {
    System.out.println();
    System.out.println("== " + title);
  }

  private static void say(String line) {
    System.out.println("  " + line);
  }
}
