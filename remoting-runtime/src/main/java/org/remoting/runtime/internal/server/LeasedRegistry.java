package org.remoting.runtime.internal.server;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.remoting.Lifecycle;
import org.remoting.lifecycle.LifecycleManager;
import org.remoting.lifecycle.LifecycleStats;
import org.remoting.lifecycle.lease.LeaseManager;
import org.remoting.lifecycle.lease.LeaseStats;
import org.remoting.runtime.internal.metrics.ServerMetrics;

/**
 * A service of leased objects, addressed by the ids their {@link LeaseManager} gave them when a
 * remote method returned them. There is no default object.
 */
public final class LeasedRegistry implements ServantRegistry, ObjectBinding.Objects {
  private final LeaseManager<Object> manager;

  public LeasedRegistry(LeaseManager<Object> manager) {
    this.manager = manager;
  }

  /** The service's lease manager. */
  public LeaseManager<Object> manager() {
    return manager;
  }

  @Override
  public void start() {}

  @Override
  public Object acquire(String objectId, long timeout, TimeUnit unit) {
    return manager.acquire(objectId);
  }

  @Override
  public void release(String objectId, Object instance) {
    manager.release(objectId, instance);
  }

  @Override
  public LifecycleManager<Object> resolve(String objectId) {
    return objectId == null ? null : new ObjectBinding(Lifecycle.LEASED, objectId, this);
  }

  /**
   * Counters in lifecycle terms: objects registered (created) and destroyed; live objects count
   * as in use, since each is held by a client.
   */
  @Override
  public LifecycleStats stats() {
    LeaseStats stats = manager.stats();
    return new LifecycleStats(stats.registered(), stats.destroyed(), stats.active(), 0, 0, 0);
  }

  @Override
  public void bindMeters(ServerMetrics metrics, String service) {
    metrics.lifecycle(service, this, LeasedRegistry::stats);
    metrics.leases(service, manager);
  }

  /** Ends every lease; objects still in a call are destroyed when their last call returns. */
  @Override
  public boolean close(Duration grace) {
    manager.close();
    return true;
  }
}
