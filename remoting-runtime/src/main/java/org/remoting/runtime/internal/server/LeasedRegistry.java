package org.remoting.runtime.internal.server;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.remoting.Lifecycle;
import org.remoting.lifecycle.LifecycleManager;
import org.remoting.lifecycle.LifecycleStats;
import org.remoting.lifecycle.lease.LeaseManager;
import org.remoting.lifecycle.lease.LeaseStats;

/**
 * A service of leased objects, addressed by the ids their {@link LeaseManager} gave them when a
 * remote method returned them. There is no default object.
 */
public final class LeasedRegistry implements ServantRegistry {
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
  public LifecycleManager<Object> resolve(String objectId) {
    return objectId == null ? null : new ObjectBinding(objectId);
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

  /** Ends every lease; objects still in a call are destroyed when their last call returns. */
  @Override
  public boolean close(Duration grace) {
    manager.close();
    return true;
  }

  /** The manager of one call's object: acquire and release by its id. */
  private final class ObjectBinding implements LifecycleManager<Object> {
    private final String objectId;

    ObjectBinding(String objectId) {
      this.objectId = objectId;
    }

    @Override
    public Lifecycle lifecycle() {
      return Lifecycle.LEASED;
    }

    @Override
    public Object acquire(long timeout, TimeUnit unit) {
      return manager.acquire(objectId);
    }

    @Override
    public void release(Object instance) {
      manager.release(objectId, instance);
    }

    @Override
    public void start() {
      throw new UnsupportedOperationException("bound to one call");
    }

    @Override
    public void close() {
      throw new UnsupportedOperationException("bound to one call");
    }

    @Override
    public LifecycleStats stats() {
      return LeasedRegistry.this.stats();
    }
  }
}
