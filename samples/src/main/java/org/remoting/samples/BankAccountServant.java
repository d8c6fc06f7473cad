package org.remoting.samples;

import org.remoting.Lifecycle;
import org.remoting.Passivatable;
import org.remoting.Servant;

/**
 * Passivated: one instance per account id while in use; when idle its state is saved to the
 * file store and the instance dropped; the next call restores it. {@code samples/conf/server.conf}
 * sets a short idle time so the tour shows it.
 */
@Servant(lifecycle = Lifecycle.PASSIVATED)
public final class BankAccountServant implements BankAccount, Passivatable<BankAccountServant.State> {
  /** What is stored for an account: a record, encoded like a call's arguments. */
  public record State(long balance) {}

  private final String id;
  private long balance;

  public BankAccountServant(String id) {
    this.id = id;
  }

  @Override
  public synchronized long deposit(long amount) {
    balance += amount;
    return balance;
  }

  @Override
  public synchronized long balance() {
    return balance;
  }

  @Override
  public synchronized State passivate() {
    System.out.println("  [server] account " + id + " passivated to the store (balance " + balance + ")");
    return new State(balance);
  }

  @Override
  public synchronized void activate(State state) {
    balance = state.balance();
    System.out.println("  [server] account " + id + " activated from the store (balance " + balance + ")");
  }
}
