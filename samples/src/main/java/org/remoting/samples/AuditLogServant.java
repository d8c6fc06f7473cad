package org.remoting.samples;

import java.util.ArrayList;
import java.util.List;
import org.remoting.Lifecycle;
import org.remoting.Servant;

/** Static and thread-safe: one shared log. */
@Servant(lifecycle = Lifecycle.STATIC)
public final class AuditLogServant implements AuditLog {
  private final List<String> events = new ArrayList<>();

  @Override
  public synchronized void record(String event) {
    events.add(event);
  }

  @Override
  public synchronized List<String> recent(int count) {
    return new ArrayList<>(events.subList(Math.max(0, events.size() - count), events.size()));
  }
}
