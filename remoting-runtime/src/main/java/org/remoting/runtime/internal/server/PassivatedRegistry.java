package org.remoting.runtime.internal.server;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.remoting.Lifecycle;
import org.remoting.lifecycle.LifecycleManager;
import org.remoting.lifecycle.LifecycleStats;
import org.remoting.lifecycle.passivation.PassivationManager;
import org.remoting.lifecycle.passivation.PassivationStats;
import org.remoting.runtime.internal.metrics.ServerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service of passivated objects, addressed by id: each call is bound to its id and served by
 * the {@link PassivationManager}. There is no default object.
 */
public final class PassivatedRegistry implements ServantRegistry, ObjectBinding.Objects {
  private static final Logger log = LoggerFactory.getLogger(PassivatedRegistry.class);

  private final PassivationManager<Object> manager;

  public PassivatedRegistry(PassivationManager<Object> manager) {
    this.manager = manager;
  }

  @Override
  public void start() {
    manager.start();
  }

  @Override
  public Object acquire(String objectId, long timeout, TimeUnit unit)
      throws InterruptedException {
    return manager.acquire(objectId, timeout, unit);
  }

  @Override
  public void release(String objectId, Object instance) {
    manager.release(objectId, instance);
  }

  @Override
  public LifecycleManager<Object> resolve(String objectId) {
    return objectId == null ? null : new ObjectBinding(Lifecycle.PASSIVATED, objectId, this);
  }

  @Override
  public LifecycleStats stats() {
    PassivationStats stats = manager.stats();
    // inUse counts calls; several calls may share one object, so cap it by the objects.
    int busy = Math.min(stats.inUse(), stats.active());
    return new LifecycleStats(
        stats.creations() + stats.activations(),
        stats.passivations(),
        busy,
        stats.active() - busy,
        0,
        stats.waitTimeouts());
  }

  @Override
  public void bindMeters(ServerMetrics metrics, String service) {
    metrics.lifecycle(service, this, PassivatedRegistry::stats);
    metrics.passivation(service, manager);
  }

  @Override
  public boolean close(Duration grace) {
    manager.close();
    try {
      if (manager.passivateAll(grace)) {
        return true;
      }
      log.warn(
          "{}: objects still busy after {}; each is saved when its last call ends",
          manager.service(),
          grace);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }
}
