package org.remoting.lifecycle.store;

import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Stores the state of passivated objects: opaque bytes per (service, object id). The bytes are
 * produced by a {@link StateCodec}; a store never looks inside them.
 *
 * <p>Keys: {@code service} is the servant's service name (such as {@code demo.Account}) and
 * {@code objectId} the object's id within it. Both may be any string, including the empty string;
 * the pair identifies one slot, and different pairs never share one.
 *
 * <p>Guarantees every implementation gives:
 *
 * <ul>
 *   <li>Thread-safe: any thread may call any method at any time.
 *   <li>{@link #save} is atomic: a {@link #load} (in any thread, or after a restart for a durable
 *       store) returns either the previous state or exactly the saved bytes, never a mix or a
 *       truncated copy. If the process dies during a save, the previous state stays readable.
 *   <li>Concurrent saves of one slot leave exactly one of the saved arrays, whole.
 *   <li>Arrays are copied: changing an array after passing it to {@code save}, or one returned by
 *       {@code load}, does not change what is stored.
 * </ul>
 *
 * <p>I/O failures are thrown as {@link UncheckedIOException}s whose message names the file (or
 * other location) involved. After {@link #close()}, every method but {@code close} throws
 * {@link IllegalStateException}.
 */
public interface StateStore extends AutoCloseable {

  /**
   * Returns the state last saved for the object, or empty if there is none.
   *
   * @throws NullPointerException if an argument is null
   * @throws UncheckedIOException if the state cannot be read
   * @throws IllegalStateException if the store is closed
   */
  Optional<byte[]> load(String service, String objectId);

  /**
   * Replaces the object's state with {@code state}, atomically: afterwards {@link #load} returns
   * exactly these bytes; if this method fails or the process dies during it, {@code load} keeps
   * returning the previous state.
   *
   * @throws NullPointerException if an argument is null
   * @throws UncheckedIOException if the state cannot be written; the previous state is kept
   * @throws IllegalStateException if the store is closed
   */
  void save(String service, String objectId, byte[] state);

  /**
   * Removes the object's state, if any; afterwards {@link #load} returns empty.
   *
   * @throws NullPointerException if an argument is null
   * @throws UncheckedIOException if the state cannot be removed
   * @throws IllegalStateException if the store is closed
   */
  void delete(String service, String objectId);

  /**
   * Releases the store's resources (for a file store, its lock on the directory). Stored state
   * stays where it is. Idempotent; never throws.
   */
  @Override
  void close();
}
