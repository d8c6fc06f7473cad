package org.remoting.runtime.internal.server;

import java.time.Duration;
import org.remoting.lifecycle.LifecycleManager;
import org.remoting.lifecycle.LifecycleStats;
import org.remoting.runtime.internal.metrics.ServerMetrics;

/**
 * The objects of one exported service, by id: which lifecycle manager serves a call for an
 * object id. Implementations: the service's single default object (static, lazy, per-request,
 * pooled), or passivated objects by id.
 */
public interface ServantRegistry {

  /** Creates what exists from the start. */
  void start();

  /**
   * The manager that serves calls for {@code objectId} ({@code null}: the default object), or
   * {@code null} when the service has no such object.
   */
  LifecycleManager<Object> resolve(String objectId);

  /**
   * Why {@code caller} may not use object {@code objectId} (the message for the client), or null
   * when it may. Only leased objects are ever bound to a caller.
   */
  default String denial(String objectId, Caller caller) {
    return null;
  }

  /** Counters for diagnostics. */
  LifecycleStats stats();

  /** Registers the gauges and counters of these objects, as those of {@code service}. */
  void bindMeters(ServerMetrics metrics, String service);

  /**
   * Discards every instance (server shutdown), saving state where the lifecycle keeps it;
   * waits at most {@code grace} for calls still running.
   *
   * @return whether everything was saved (objects still busy after {@code grace} are saved
   *     when their last call ends)
   */
  boolean close(Duration grace);
}
