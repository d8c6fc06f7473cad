package org.remoting.runtime.internal.server;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.remoting.AccessDeniedException;
import org.remoting.Lifecycle;
import org.remoting.lifecycle.LifecycleManager;
import org.remoting.lifecycle.LifecycleStats;
import org.remoting.lifecycle.lease.LeaseGrant;
import org.remoting.lifecycle.lease.LeaseManager;
import org.remoting.lifecycle.lease.LeaseStats;
import org.remoting.runtime.internal.metrics.ServerMetrics;

/**
 * A service of leased objects, addressed by the ids their {@link LeaseManager} gave them when a
 * remote method returned them. There is no default object. Each object is exported for the
 * {@link Caller} of the call that returned it: bound to the caller's identity if it has one, and
 * counted against its {@linkplain Caller#holder() holder}, who may hold at most {@code
 * maxPerClient}.
 */
public final class LeasedRegistry implements ServantRegistry, ObjectBinding.Objects {
  private final LeaseManager<Object> manager;
  private final int maxPerClient;

  /**
   * @param manager the service's leases
   * @param maxPerClient the most live objects one client may hold ({@code lease.max-per-client})
   */
  public LeasedRegistry(LeaseManager<Object> manager, int maxPerClient) {
    this.manager = manager;
    this.maxPerClient = maxPerClient;
  }

  /**
   * Exports {@code instance} for {@code caller}, or hands out its id again (with the next grant
   * number) if it is a live object already.
   *
   * @throws org.remoting.AccessDeniedException if it is a live object bound to another identity
   * @throws org.remoting.TooManyObjectsException if the caller holds {@code maxPerClient} objects
   *     already (the instance is then closed, not exported)
   */
  LeaseGrant export(Object instance, Caller caller) {
    // Checked first, so that a refused hand-out neither extends the lease nor raises its grant
    // (which would make the owner's next release look older than the latest grant).
    String live = manager.liveId(instance);
    if (live != null && !caller.mayUse(manager.owner(live))) {
      throw boundToAnother();
    }
    LeaseGrant grant = manager.export(instance, caller.holder(), maxPerClient);
    if (!caller.mayUse(manager.owner(grant.id()))) { // it was exported for another meanwhile
      throw boundToAnother();
    }
    return grant;
  }

  private AccessDeniedException boundToAnother() {
    return new AccessDeniedException(
        "a remote method returned an object of service " + manager.serviceName()
            + " that is bound to another client; it cannot be handed to this one");
  }

  @Override
  public String denial(String objectId, Caller caller) {
    if (caller.mayUse(manager.owner(objectId))) {
      return null;
    }
    return "object '" + objectId + "' of service " + manager.serviceName()
        + " belongs to another client identity";
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
