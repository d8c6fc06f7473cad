package org.remoting.runtime;

import org.remoting.Poolable;

/**
 * A {@link Work} servant with no lifecycle annotation (so config alone decides), recording what
 * happens to it in a {@link Tracker}.
 */
class WorkServant implements Work, Poolable, AutoCloseable {
  private final Tracker tracker;
  private final int id;
  private volatile boolean dirty;

  WorkServant(Tracker tracker) {
    this.tracker = tracker;
    this.id = tracker.created.incrementAndGet();
  }

  @Override
  public int instance() {
    return id;
  }

  @Override
  public int hold(long millis) {
    tracker.enter();
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      tracker.exit();
    }
    return id;
  }

  @Override
  public boolean wasDirty() {
    boolean was = dirty;
    dirty = true;
    return was;
  }

  @Override
  public void explode() {
    throw new IllegalStateException("instance " + id + " exploded");
  }

  @Override
  public void reset() {
    tracker.resets.incrementAndGet();
    dirty = false;
  }

  @Override
  public void close() {
    tracker.closed.incrementAndGet();
  }
}
