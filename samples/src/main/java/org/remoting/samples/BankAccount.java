package org.remoting.samples;

import org.remoting.Remote;

/** A bank account addressed by id: the passivated lifecycle's sample. */
@Remote("demo.BankAccount")
public interface BankAccount {
  long deposit(long amount);

  long balance();
}
