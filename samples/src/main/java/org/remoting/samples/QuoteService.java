package org.remoting.samples;

import java.time.Instant;
import org.remoting.Remote;

/** Stock quotes from an expensive-to-open feed: the lazy lifecycle's sample. */
@Remote("demo.QuoteService")
public interface QuoteService {
  Quote quote(String symbol);

  /** A quote; records travel as protobuf messages. */
  record Quote(String symbol, double price, Instant at, int servedByInstance) {}
}
