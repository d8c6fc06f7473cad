package org.remoting.runtime;

import org.remoting.Remote;

/** A bank account addressed by id, for passivation tests. */
@Remote("test.Account")
public interface Account {
  long deposit(long amount);

  long balance();

  /** Deposits after {@code millis}; for shutdown tests. */
  long slowDeposit(long amount, long millis);
}
