package org.remoting.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.remoting.runtime.RemotingClient;
import org.remoting.runtime.RemotingServer;

/** The sample server's metrics summary shows the calls it served. */
class MetricsSummaryTest {

  @Test
  void theSummaryCountsCallsByMethodAndOutcome() throws Exception {
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    List<String> lines;
    try (RemotingServer server = SampleServer.build(0, null, metrics).start();
        RemotingClient client = RemotingClient.connect("127.0.0.1:" + server.port())) {
      Calculator calculator = client.lookup(Calculator.class);
      calculator.add(2, 3);
      calculator.add(4, 5);
      try {
        calculator.divide(1, 0);
      } catch (Calculator.DivisionByZeroException expected) {
        // counted as APPLICATION
      }
      lines = MetricsSummary.lines(metrics);
    }
    String text = String.join("\n", lines);
    assertTrue(text.matches("(?s).*demo\\.Calculator/add unary OK +2 calls, mean .*"), text);
    assertTrue(text.contains("demo.Calculator/divide unary APPLICATION"), text);
    assertTrue(text.contains("instances created/discarded: "), text);
    assertTrue(text.contains("demo.Calculator 1/0"), text);
  }
}
