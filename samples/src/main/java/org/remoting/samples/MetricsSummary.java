package org.remoting.samples;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A few lines summing up what a server recorded in its Micrometer registry: calls per method,
 * style and outcome with their mean and maximum time, instances created and discarded per
 * service, and the state store's loads and saves. The sample server prints it when it shuts down;
 * a real server would export the registry to a monitoring system instead
 * (docs/observability.md).
 */
public final class MetricsSummary {
  private MetricsSummary() {}

  /** The summary's lines, without a trailing newline. */
  public static List<String> lines(MeterRegistry registry) {
    List<String> lines = new ArrayList<>();
    List<Timer> calls = new ArrayList<>(registry.find("remoting.server.calls").timers());
    calls.sort(Comparator.comparing(MetricsSummary::describeCall));
    for (Timer timer : calls) {
      if (timer.count() > 0) {
        lines.add(String.format("%-58s %5d calls, %s", describeCall(timer), timer.count(),
            times(timer)));
      }
    }
    Map<String, String> instances = new TreeMap<>();
    for (FunctionCounter created : registry.find("remoting.server.instances.created")
        .functionCounters()) {
      String service = created.getId().getTag("service");
      FunctionCounter destroyed = registry.find("remoting.server.instances.destroyed")
          .tag("service", service).functionCounter();
      instances.put(service, String.format("%s %.0f/%.0f", service, created.count(),
          destroyed == null ? 0 : destroyed.count()));
    }
    if (!instances.isEmpty()) {
      lines.add("instances created/discarded: " + String.join(", ", instances.values()));
    }
    for (Timer store : registry.find("remoting.server.state.store").timers()) {
      lines.add(String.format("state store %s %s %s: %d, %s", store.getId().getTag("service"),
          store.getId().getTag("operation"), store.getId().getTag("outcome"), store.count(),
          times(store)));
    }
    return lines;
  }

  private static String describeCall(Timer timer) {
    return timer.getId().getTag("service") + "/" + timer.getId().getTag("method") + " "
        + timer.getId().getTag("style") + " " + timer.getId().getTag("outcome");
  }

  private static String times(Timer timer) {
    return String.format("mean %.2f ms, max %.2f ms", timer.mean(TimeUnit.MILLISECONDS),
        timer.max(TimeUnit.MILLISECONDS));
  }
}
