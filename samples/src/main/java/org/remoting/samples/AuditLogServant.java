package org.remoting.samples;

import java.util.ArrayList;
import java.util.List;
import org.remoting.Lifecycle;
import org.remoting.Servant;

/** Static and thread-safe: one shared log. */
@Servant(lifecycle = Lifecycle.STATIC)
public final class AuditLogServant implements AuditLog {
  private final List<String> events = new ArrayList<>();
  private String archiveStatus = "never";

  @Override
  public synchronized void record(String event) {
    events.add(event);
  }

  @Override
  public synchronized List<String> recent(int count) {
    return new ArrayList<>(events.subList(Math.max(0, events.size() - count), events.size()));
  }

  @Override
  public void archive(long millis) {
    int count;
    synchronized (this) {
      archiveStatus = "running";
      count = events.size();
    }
    try {
      Thread.sleep(millis); // the slow copy, outside the lock: the log keeps serving meanwhile
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      archiveStatus = "done: " + count + " events";
    }
  }

  @Override
  public synchronized String archiveStatus() {
    return archiveStatus;
  }
}
