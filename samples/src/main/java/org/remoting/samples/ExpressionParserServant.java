package org.remoting.samples;

import java.util.concurrent.atomic.AtomicInteger;
import org.remoting.Lifecycle;
import org.remoting.Pool;
import org.remoting.Poolable;
import org.remoting.Servant;

/**
 * Pooled: at most {@code pool.max} instances, each running one call at a time and reset between
 * calls. The annotation is the author's default; {@code samples/conf/server.conf} overrides it.
 */
@Servant(lifecycle = Lifecycle.POOLED, pool = @Pool(min = 1, max = 2, maxWait = "2s"))
public final class ExpressionParserServant implements ExpressionParser, Poolable, AutoCloseable {
  static final AtomicInteger instances = new AtomicInteger();
  static final AtomicInteger alive = new AtomicInteger();
  static final AtomicInteger running = new AtomicInteger(); // evaluate calls, on all instances
  private final int id = instances.incrementAndGet();
  private final StringBuilder tokens = new StringBuilder();

  public ExpressionParserServant() {
    alive.incrementAndGet();
  }

  @Override
  public Result evaluate(String expression, long millis) {
    int callsRunning = running.incrementAndGet();
    try {
      long sum = 0;
      for (String term : expression.split("\\+")) {
        tokens.append(term.trim()).append(' ');
        sum += Long.parseLong(term.trim());
      }
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new Result(sum, id, alive.get(), callsRunning);
    } finally {
      running.decrementAndGet();
    }
  }

  @Override
  public void reset() {
    tokens.setLength(0);
  }

  /** Called when the pool discards this instance (idle shrink, server shutdown). */
  @Override
  public void close() {
    alive.decrementAndGet();
  }
}
