package org.remoting.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.remoting.Lifecycle;
import org.remoting.runtime.RemotingServer;

/** Runs the sample server and client end to end over TCP loopback, with the shipped config. */
class SamplesTest {

  @Test
  void sampleClientWalksThroughEveryLifecycleAgainstTheSampleServer() throws Exception {
    File config = new File("conf/server.conf");
    assertTrue(config.isFile(), "the shipped config file exists: " + config.getAbsolutePath());
    RemotingServer server = SampleServer.build(0, config).start();
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      SampleClient.run("127.0.0.1:" + server.port());
    } finally {
      System.setOut(original);
      server.close();
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    original.print(out);
    for (String expected :
        new String[] {
          "STATIC lifecycle", "LAZY lifecycle", "PER-REQUEST lifecycle", "POOLED lifecycle",
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
