package org.remoting.runtime;

import java.util.concurrent.atomic.AtomicInteger;

/** A thread-safe {@link Bank} that starts with a balance of 100. */
class BankServant implements Bank {
  final AtomicInteger balance = new AtomicInteger(100);
  final AtomicInteger slowCallsFinished = new AtomicInteger();

  @Override
  public int withdraw(int amount) throws InsufficientFundsException {
    int now = balance.get();
    if (amount > now) {
      throw new InsufficientFundsException("balance " + now + " is less than " + amount);
    }
    return balance.addAndGet(-amount);
  }

  @Override
  public String fail(String message) {
    throw new IllegalStateException(message);
  }

  @Override
  public int balance() {
    return balance.get();
  }

  @Override
  public int slow(long millis, int value) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    slowCallsFinished.incrementAndGet();
    return value;
  }
}
