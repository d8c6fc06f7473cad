package org.remoting.lifecycle.store;

/**
 * Turns a servant's state (returned by {@link org.remoting.Passivatable#passivate()}) into the
 * bytes a {@link StateStore} keeps, and back. The server implements it with the same protobuf codec
 * it uses for calls, so stored state has a stable, documented format; Java serialization is never
 * used.
 *
 * <p>Implementations must be thread-safe and stateless between calls.
 *
 * @param <S> the state type
 */
public interface StateCodec<S> {

  /**
   * Encodes {@code state}.
   *
   * @throws IllegalArgumentException (or another unchecked exception) if the state cannot be
   *     encoded
   */
  byte[] encode(S state);

  /**
   * Decodes bytes produced by {@link #encode}, possibly by an earlier process.
   *
   * @throws IllegalArgumentException (or another unchecked exception) if {@code bytes} is not a
   *     valid encoding
   */
  S decode(byte[] bytes);
}
