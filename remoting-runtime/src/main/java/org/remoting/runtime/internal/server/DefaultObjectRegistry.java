package org.remoting.runtime.internal.server;

import java.time.Duration;
import org.remoting.lifecycle.LifecycleManager;
import org.remoting.lifecycle.LifecycleStats;
import org.remoting.runtime.internal.metrics.ServerMetrics;

/** A service with one object, its default object, whose instances one manager keeps. */
public final class DefaultObjectRegistry implements ServantRegistry {
  private final LifecycleManager<Object> manager;

  public DefaultObjectRegistry(LifecycleManager<Object> manager) {
    this.manager = manager;
  }

  @Override
  public void start() {
    manager.start();
  }

  @Override
  public LifecycleManager<Object> resolve(String objectId) {
    return objectId == null ? manager : null;
  }

  @Override
  public LifecycleStats stats() {
    return manager.stats();
  }

  @Override
  public void bindMeters(ServerMetrics metrics, String service) {
    metrics.lifecycle(service, manager, LifecycleManager::stats);
  }

  @Override
  public boolean close(Duration grace) {
    manager.close();
    return true;
  }
}
