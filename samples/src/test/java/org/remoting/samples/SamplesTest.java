package org.remoting.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remoting.Lifecycle;
import org.remoting.runtime.RemotingServer;

/**
 * Runs the README's tour end to end, as a user would: {@code SamplesMain tour} starts the sample
 * server with {@code samples/conf/server.conf}, a second one with {@code
 * samples/conf/server-per-request.conf}, and the sample client, each in its own JVM talking over
 * TCP loopback; the test checks that the output shows every lifecycle and invocation style with
 * its evidence.
 */
class SamplesTest {
  private static final String STORE_DIR = "remoting.servants.\"demo.BankAccount\".passivation.dir";
  private static final long TOUR_TIMEOUT_SECONDS = 90;

  @TempDir Path store;

  @Test
  void tourShowsEveryLifecycleAndInvocationStyleWithEvidence() throws Exception {
    File repository = new File("..").getCanonicalFile(); // the tour runs from the repository root
    assertTrue(new File(repository, SamplesMain.DEFAULT_CONFIG).isFile(), "run from samples/");
    Path log = store.resolve("tour.log");
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    // The shipped config stores accounts in samples/data; keep test runs out of it. The tour
    // passes remoting.* properties on to its servers.
    command.add("-D" + STORE_DIR + "=" + store.resolve("accounts"));
    command.add("-Dremoting.server.host=127.0.0.1");
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.addAll(List.of(SamplesMain.class.getName(), "tour"));
    long start = System.nanoTime();
    Process tour =
        new ProcessBuilder(command)
            .directory(repository)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!tour.waitFor(TOUR_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      tour.destroyForcibly().waitFor();
      fail("the tour did not finish in " + TOUR_TIMEOUT_SECONDS + " s:\n" + read(log));
    }
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    String out = read(log);
    System.out.print(out);
    System.out.println("[SamplesTest] the tour took " + seconds + " s");
    assertEquals(0, tour.exitValue(), "the tour's exit code");

    // The six lifecycles and the five invocation styles, by name, in this order.
    assertInOrder(out,
        "== STATIC lifecycle", "== LAZY lifecycle", "== PER-REQUEST lifecycle",
        "== POOLED lifecycle", "== ONE SERVANT, TWO CONFIG FILES", "== LEASED lifecycle",
        "== PASSIVATED lifecycle", "== SYNC invocation", "== FIRE-AND-FORGET invocation",
        "== SYNC-WITH-SERVER invocation", "== POLL OBJECT invocation",
        "== RESULT CALLBACK invocation", "== Errors");

    // Servers: each read its file; the second differs in one servant's lifecycle.
    assertContains(out, "[server] config: samples/conf/server.conf");
    assertContains(out, "[server] demo.ExpressionParser: pooled, shared, pool min 1 max 2");
    assertContains(out, "[server] demo.Cart: leased");
    assertContains(out, "[server 2] config: samples/conf/server-per-request.conf");
    assertContains(out, "[server 2] demo.ExpressionParser: per-request");

    // Static, lazy, per-request: instance counts.
    assertContains(out, "add(2, 3) = 5");
    assertContains(out, "5 calls were served by instances [1]   <- one shared instance");
    assertContains(out, "threw the declared DivisionByZeroException");
    assertContains(out, "[server] QuoteServant #1 created");
    assertContains(out, "by instance #1   <- same instance, created once");
    assertContains(out, "3 calls were served by instances [1, 2, 3]   <- a fresh instance each");

    // Pooled: two instances, callers waiting; the same servant per-request on server 2.
    assertContains(out, "served by instances [1, 2]: at most 2 alive, 2 running at once");
    assertContains(out, "4 callers waited for a free instance");
    assertMatches(out, "samples/conf/server\\.conf +2 +2 +4 of 6 +\\d+ ms");
    // All six run at once unless the machine is too busy to start them within 300 ms.
    assertMatches(out, "samples/conf/server-per-request\\.conf +6 +[3-6] +[0-3] of 6 +\\d+ ms");

    // Leased: a random id, renewals over more than two leases, expiry, pass-back, release.
    assertMatches(out, "shop\\.newCart\\(\"ann\"\\) -> a proxy of object '[A-Za-z0-9_-]{22}'");
    assertContains(out, "ann's cart: add(apple), add(pear), items() = [apple, pear], isLeased ="
        + " true");
    assertMatches(out, "t=\\d\\.\\ds  ann: lease remaining [0-2]\\.\\d s, items \\[apple, pear\\]"
        + " \\| bob: \\(ended\\)"); // ann's cart is alive after bob's expired
    assertContains(out, "a second client that stopped renewing (as if it crashed) holds bob's");
    assertMatches(out, "bob: ObjectNotFoundException: .*lease of object '[A-Za-z0-9_-]{22}' in"
        + " service demo\\.Cart expired at \\d{4}-");
    assertContains(out, "[server] bob's cart ended, its lease over; it held [bread]");
    assertContains(out, "ann's cart outlived 2.25 lease periods, renewed");
    assertMatches(out, "the server counted \\d+ renew calls renewing \\d+ leases; 1 lease expired");
    assertContains(out, "[server] checkout received ann's cart as the live CartServant");
    assertContains(out, "shop.checkout(ann's cart) -> Order[number=1, customer=ann, items=[apple,"
        + " pear]]");
    assertContains(out, "Remoting.release(ann's cart) -> true; this client now holds 1 leased");
    assertMatches(out, "ann's cart\\.items\\(\\) -> ObjectNotFoundException: .*in service"
        + " demo\\.Cart was released by its client at ");
    assertContains(out, "[server] carol's cart ended");

    // Passivated: saved when idle, reactivated, in a fresh store.
    assertContains(out, "acct-42: balance 0, deposit(100) -> 100");
    assertContains(out, "[server] account acct-42 passivated to the store (balance 100)");
    assertContains(out, "[server] account acct-42 activated from the store (balance 100)");
    assertContains(out, "balance() -> 100   <- reactivated from the store");
    assertContains(out, "vault-1: denied by the server's access policy (PERMISSION_DENIED):"
        + " bank account ids start with acct-, got vault-1");

    // The invocation styles.
    assertMatches(out, "blocked the caller for \\d+ ms and returned 3");
    assertMatches(out, "1000 record\\(\\.\\.\\.\\) calls returned in \\d+ ms without waiting");
    assertContains(out, "archiveStatus() right after the ack: running   <- not completed yet");
    assertMatches(out, "archiveStatus\\(\\) \\d+ ms later: done: 1000 events");
    assertContains(out, "events 1..1000 all recorded, in order: true");
    assertContains(out, "right after the call: isAvailable() = false");
    assertMatches(out, "after \\d+ polls, 50 ms apart: isAvailable\\(\\) = true,"
        + " getResult\\(\\)\\.value\\(\\) = 42");
    assertContains(out, "callback(...) returned at once");
    assertContains(out, "on thread 'remoting-callback-");

    assertContains(out, "unknown object id -> ObjectNotFoundException");
    assertContains(out, "and the next call works: add(1, 1) = 2");
    assertContains(out, "[tour] client process exited with 0");
  }

  @Test
  void theShippedConfigFilesSetThePoliciesTheReadmeDescribes() throws Exception {
    System.setProperty(STORE_DIR, store.toString());
    try {
      RemotingServer pooled = SampleServer.build(0, new File("conf/server.conf"));
      RemotingServer perRequest = SampleServer.build(0, new File("conf/server-per-request.conf"));
      try {
        assertEquals(Lifecycle.POOLED, pooled.servantPolicy("demo.ExpressionParser").lifecycle());
        assertEquals(2, pooled.servantPolicy("demo.ExpressionParser").pool().max());
        assertEquals(Lifecycle.LEASED, pooled.servantPolicy("demo.Cart").lifecycle());
        assertEquals(Lifecycle.PASSIVATED, pooled.servantPolicy("demo.BankAccount").lifecycle());
        assertEquals(
            Lifecycle.PER_REQUEST, perRequest.servantPolicy("demo.ExpressionParser").lifecycle());
        for (String service : pooled.services()) {
          if (!service.equals("demo.ExpressionParser") && !service.startsWith("remoting.")) {
            assertEquals(pooled.servantPolicy(service), perRequest.servantPolicy(service), service);
          }
        }
      } finally {
        pooled.close();
        perRequest.close();
      }
    } finally {
      System.clearProperty(STORE_DIR);
    }
  }

  private static void assertInOrder(String out, String... parts) {
    int from = 0;
    for (String part : parts) {
      int at = out.indexOf(part, from);
      assertTrue(at >= 0, "output contains '" + part + "' after position " + from);
      from = at + part.length();
    }
  }

  private static void assertContains(String out, String expected) {
    assertTrue(out.contains(expected), "output contains '" + expected + "'");
  }

  private static void assertMatches(String out, String regex) {
    assertTrue(Pattern.compile(regex).matcher(out).find(), "output matches /" + regex + "/");
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
