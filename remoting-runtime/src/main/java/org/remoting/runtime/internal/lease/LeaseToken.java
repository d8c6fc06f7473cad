package org.remoting.runtime.internal.lease;

import java.time.Duration;
import java.util.Optional;

/**
 * A client's hold on one leased object. Every proxy of the object holds its token strongly; when
 * no proxy does any more, the token becomes unreachable and the object is released (through a
 * {@link java.lang.ref.Cleaner}). Thread-safe.
 */
public final class LeaseToken {
  private final ClientLeases owner;
  private final LeasedObject key;
  private final Duration duration;

  LeaseToken(ClientLeases owner, LeasedObject key, Duration duration) {
    this.owner = owner;
    this.key = key;
    this.duration = duration;
  }

  /** The lease the server granted the object when it sent the reference. */
  public Duration duration() {
    return duration;
  }

  LeasedObject key() {
    return key;
  }

  /**
   * Ends the lease now, with one call to the server.
   *
   * @return whether this client still held it (false after an earlier release or expiry)
   */
  public boolean release() {
    return owner.release(this);
  }

  /**
   * Renews the lease now for {@code duration} (capped by the server's {@code lease.max-duration}).
   *
   * @return the time the lease now has left
   * @throws org.remoting.ObjectNotFoundException if the lease has ended
   */
  public Duration renew(Duration duration) {
    return owner.renew(this, duration);
  }

  /** The time the lease has left, as the server sees it; empty if it has ended. */
  public Optional<Duration> remaining() {
    return owner.remaining(this);
  }

  @Override
  public String toString() {
    return "LeaseToken[" + key + "]";
  }
}
