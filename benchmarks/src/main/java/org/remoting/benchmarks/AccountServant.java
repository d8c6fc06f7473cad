package org.remoting.benchmarks;

import org.remoting.Lifecycle;
import org.remoting.Passivatable;
import org.remoting.Servant;

/**
 * The passivated servant behind {@link Account}: one instance per object id while active; its
 * state, a record holding the bytes, goes to the state store when it is passivated.
 */
@Servant(lifecycle = Lifecycle.PASSIVATED)
public final class AccountServant implements Account, Passivatable<AccountServant.State> {
  /** What is stored for an object. */
  public record State(byte[] data) {}

  private static final byte[] EMPTY = new byte[0];

  private volatile byte[] data = EMPTY;

  /** The framework passes the object id; the servant does not need it. */
  public AccountServant(String id) {}

  @Override
  public int store(byte[] data) {
    this.data = data;
    return data.length;
  }

  @Override
  public int size() {
    return data.length;
  }

  @Override
  public State passivate() {
    return new State(data);
  }

  @Override
  public void activate(State state) {
    this.data = state.data() == null ? EMPTY : state.data();
  }
}
