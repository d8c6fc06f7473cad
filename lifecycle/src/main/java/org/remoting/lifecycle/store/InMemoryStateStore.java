package org.remoting.lifecycle.store;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A {@link StateStore} in a {@link ConcurrentHashMap}: fast, and lost when the process ends. For
 * tests, and for servants whose state only needs to outlive their instances, not the server. Arrays
 * are copied in and out. Thread-safe; never throws {@link java.io.UncheckedIOException}.
 */
public final class InMemoryStateStore implements StateStore {
  private final ConcurrentMap<Key, byte[]> states = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** Creates an empty store. */
  public InMemoryStateStore() {}

  @Override
  public Optional<byte[]> load(String service, String objectId) {
    byte[] state = states.get(key(service, objectId));
    return state == null ? Optional.empty() : Optional.of(state.clone());
  }

  @Override
  public void save(String service, String objectId, byte[] state) {
    requireNonNull(state, "state");
    states.put(key(service, objectId), state.clone());
  }

  @Override
  public void delete(String service, String objectId) {
    states.remove(key(service, objectId));
  }

  /** The number of objects with stored state. */
  public int size() {
    return states.size();
  }

  /** Marks the store closed; the states are kept, so a test can still inspect {@link #size()}. */
  @Override
  public void close() {
    closed = true;
  }

  private Key key(String service, String objectId) {
    requireNonNull(service, "service");
    requireNonNull(objectId, "objectId");
    if (closed) {
      throw new IllegalStateException("the in-memory state store is closed");
    }
    return new Key(service, objectId);
  }

  @Override
  public String toString() {
    return "InMemoryStateStore{" + states.size() + " objects" + (closed ? ", closed}" : "}");
  }

  private record Key(String service, String objectId) {}
}
