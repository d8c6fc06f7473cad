package org.remoting.runtime;

import io.grpc.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.remoting.Poolable;

/**
 * A {@link Work} servant with no lifecycle annotation (so config alone decides), recording what
 * happens to it in a {@link Tracker}.
 */
class WorkServant implements Work, Poolable, AutoCloseable {
  private final Tracker tracker;
  private final int id;
  private volatile boolean dirty;
  private final List<String> items = new ArrayList<>();

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
  public int together(int parties) {
    tracker.enter();
    try {
      tracker.barrier(parties).await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("only some of " + parties + " calls met: " + e, e);
    } finally {
      tracker.exit();
    }
    return id;
  }

  @Override
  public List<String> fill(int n) {
    for (int i = 0; i < n; i++) {
      items.add("item-" + i);
    }
    return items;
  }

  @Override
  public int count(List<String> items) {
    return items.size();
  }

  @Override
  public List<String> withNullElement() {
    return Arrays.asList("x", null);
  }

  @Override
  public int blockUntilCancelled() {
    tracker.enter();
    CountDownLatch cancelled = new CountDownLatch(1);
    Context.current().addListener(context -> cancelled.countDown(), Runnable::run);
    try {
      if (cancelled.await(10, TimeUnit.SECONDS)) {
        tracker.cancellationsSeen.incrementAndGet();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      tracker.exit();
    }
    return id;
  }

  @Override
  public void reset() {
    tracker.resets.incrementAndGet();
    dirty = false;
    items.clear();
  }

  @Override
  public void close() {
    tracker.closed.incrementAndGet();
  }
}
