package org.remoting.samples;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.remoting.Lifecycle;
import org.remoting.Servant;

/** Lazy: created by the first call, exactly once, then shared. */
@Servant(lifecycle = Lifecycle.LAZY)
public final class QuoteServant implements QuoteService {
  static final AtomicInteger instances = new AtomicInteger();
  private final int id = instances.incrementAndGet();

  public QuoteServant() {
    System.out.println("  [server] QuoteServant #" + id + " created (opening the quote feed)");
  }

  @Override
  public Quote quote(String symbol) {
    double price = (10_000 + Math.floorMod(symbol.hashCode(), 5000)) / 100.0;
    return new Quote(symbol, price, Instant.now(), id);
  }
}
