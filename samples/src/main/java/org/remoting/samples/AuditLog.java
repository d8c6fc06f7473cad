package org.remoting.samples;

import java.util.List;
import org.remoting.OneWay;
import org.remoting.Remote;

/** An audit trail: the fire-and-forget and sync-with-server sample. */
@Remote("demo.AuditLog")
public interface AuditLog {
  /** Declared fire-and-forget: the caller never waits for the server. */
  @OneWay
  void record(String event);

  /** The last {@code count} events, oldest first. */
  List<String> recent(int count);

  /**
   * Copies the log to slow storage, taking {@code millis}: a job a caller wants accepted but need
   * not wait for (call it with {@code Invocations.syncWithServer}).
   */
  void archive(long millis);

  /** "never", "running", or "done: N events" for the last {@link #archive}. */
  String archiveStatus();
}
