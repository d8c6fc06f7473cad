package org.remoting.runtime;

import java.util.concurrent.atomic.AtomicInteger;
import org.remoting.Lifecycle;
import org.remoting.Passivatable;
import org.remoting.Servant;

/** A passivated account: its balance is saved when idle and restored on the next call. */
@Servant(lifecycle = Lifecycle.PASSIVATED)
class AccountServant implements Account, Passivatable<AccountServant.State> {
  static final AtomicInteger created = new AtomicInteger();

  /** The stored state: a record, encoded with the wire codec. */
  record State(String id, long balance) {}

  private final String id;
  private long balance;

  AccountServant(String id) {
    this.id = id;
    created.incrementAndGet();
  }

  @Override
  public synchronized long deposit(long amount) {
    balance += amount;
    return balance;
  }

  @Override
  public long slowDeposit(long amount, long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return deposit(amount);
  }

  @Override
  public synchronized long balance() {
    return balance;
  }

  @Override
  public synchronized State passivate() {
    return new State(id, balance);
  }

  @Override
  public synchronized void activate(State state) {
    balance = state.balance();
  }
}
