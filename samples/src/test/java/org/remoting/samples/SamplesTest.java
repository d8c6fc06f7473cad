package org.remoting.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remoting.Lifecycle;
import org.remoting.runtime.RemotingServer;

/** Runs the sample server and client end to end over TCP loopback, with the shipped config. */
class SamplesTest {
  private static final String STORE_DIR = "remoting.servants.\"demo.BankAccount\".passivation.dir";


  @TempDir Path store;

  @Test
  void sampleClientWalksThroughEveryLifecycleAgainstTheSampleServer() throws Exception {
    // The shipped config stores accounts in samples/data; keep test runs out of it.
    File config = new File("conf/server.conf");
    assertTrue(config.isFile(), "the shipped config file exists: " + config.getAbsolutePath());
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    RemotingServer server = null;
    try {
      System.setProperty(STORE_DIR, store.toString());
      server = SampleServer.build(0, config).start();
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      SampleClient.run("127.0.0.1:" + server.port());
    } finally {
      System.setOut(original);
      if (server != null) {
        server.close();
      }
      System.clearProperty(STORE_DIR);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    original.print(out);
    for (String expected :
        new String[] {
          "STATIC lifecycle", "LAZY lifecycle", "PER-REQUEST lifecycle", "POOLED lifecycle",
          "PASSIVATED lifecycle", "acct-42: balance 0, deposit(100) -> 100", "balance() -> 100",
          "passivated to the store (balance 100)", "activated from the store (balance 100)",
          "add(2, 3) = 5", "threw the declared DivisionByZeroException",
          "5 calls were served by instances [", "3 calls were served by instances [",
          "ObjectNotFoundException",
          "FIRE-AND-FORGET invocation", "SYNC-WITH-SERVER invocation", "POLL OBJECT invocation",
          "RESULT CALLBACK invocation", "events 1..1000 all recorded, in order: true",
          "isAvailable() = false", "getResult().value() = 42", "on thread 'remoting-callback-"
        }) {
      assertTrue(out.contains(expected), "output contains '" + expected + "'");
    }
    assertEquals(Lifecycle.POOLED, server.servantPolicy("demo.ExpressionParser").lifecycle());
    assertEquals(2, server.servantPolicy("demo.ExpressionParser").pool().max());
  }
}
