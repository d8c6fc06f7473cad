package org.remoting.runtime.internal.server;

import java.util.concurrent.TimeUnit;
import org.remoting.Lifecycle;
import org.remoting.lifecycle.LifecycleManager;
import org.remoting.lifecycle.LifecycleStats;

/**
 * The lifecycle manager of one call's object in a service whose objects are addressed by id
 * (passivated, leased): acquire and release by that id. Made per call; cannot be started or
 * closed.
 */
final class ObjectBinding implements LifecycleManager<Object> {

  /** The objects of a service, by id. */
  interface Objects {
    Object acquire(String objectId, long timeout, TimeUnit unit) throws InterruptedException;

    void release(String objectId, Object instance);

    LifecycleStats stats();
  }

  private final Lifecycle lifecycle;
  private final String objectId;
  private final Objects objects;

  ObjectBinding(Lifecycle lifecycle, String objectId, Objects objects) {
    this.lifecycle = lifecycle;
    this.objectId = objectId;
    this.objects = objects;
  }

  @Override
  public Lifecycle lifecycle() {
    return lifecycle;
  }

  @Override
  public Object acquire(long timeout, TimeUnit unit) throws InterruptedException {
    return objects.acquire(objectId, timeout, unit);
  }

  @Override
  public void release(Object instance) {
    objects.release(objectId, instance);
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
    return objects.stats();
  }
}
