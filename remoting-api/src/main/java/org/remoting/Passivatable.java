package org.remoting;

/**
 * Implemented by a servant whose state is saved while it is idle ("passivation", Remoting
 * Patterns): the server calls {@link #passivate()} before dropping an idle instance and stores
 * the returned state; the next call for the object creates a new instance and hands it the
 * stored state through {@link #activate}. The state type must be one the wire mapping supports
 * (typically a record); Java serialization is never used.
 *
 * <p>Both hooks run with no call in flight on the instance.
 *
 * @param <S> the state type
 */
public interface Passivatable<S> {

  /**
   * Returns the state to store. Should not change the instance: once the state is saved the
   * instance is discarded, but if saving fails it stays active and serves calls until the next
   * attempt.
   */
  S passivate();

  /** Restores {@code state}, saved by {@link #passivate()} of an earlier instance of the object. */
  void activate(S state);
}
