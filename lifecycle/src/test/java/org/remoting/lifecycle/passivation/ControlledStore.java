package org.remoting.lifecycle.passivation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.remoting.lifecycle.store.InMemoryStateStore;
import org.remoting.lifecycle.store.StateStore;

/** An in-memory store whose saves a test can make fail or block. */
final class ControlledStore implements StateStore {
  final InMemoryStateStore delegate = new InMemoryStateStore();
  volatile boolean failSaves;
  private volatile CountDownLatch gate;
  private volatile CountDownLatch entered = new CountDownLatch(1);

  /** Makes the next saves wait in {@link #save} until {@link #openGate()}. */
  void closeGate() {
    entered = new CountDownLatch(1);
    gate = new CountDownLatch(1);
  }

  void openGate() {
    gate.countDown();
  }

  /** Waits until a save is blocked at the closed gate. */
  void awaitBlockedSave() throws InterruptedException {
    if (!entered.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError("no save reached the gate");
    }
  }

  @Override
  public Optional<byte[]> load(String service, String objectId) {
    return delegate.load(service, objectId);
  }

  @Override
  public void save(String service, String objectId, byte[] state) {
    CountDownLatch g = gate;
    if (g != null) {
      entered.countDown();
      try {
        if (!g.await(10, TimeUnit.SECONDS)) {
          throw new AssertionError("the gate stayed closed");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    if (failSaves) {
      throw new UncheckedIOException("simulated", new IOException("disk full"));
    }
    delegate.save(service, objectId, state);
  }

  @Override
  public void delete(String service, String objectId) {
    delegate.delete(service, objectId);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
