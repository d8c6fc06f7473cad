package org.remoting.samples;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.remoting.Lifecycle;
import org.remoting.Servant;

/** Per-request: a fresh instance for every call, closed after it. Needs no thread safety. */
@Servant(lifecycle = Lifecycle.PER_REQUEST)
public final class DocumentConverterServant implements DocumentConverter, AutoCloseable {
  static final AtomicInteger instances = new AtomicInteger();
  static final AtomicInteger closed = new AtomicInteger();
  private final int id = instances.incrementAndGet();
  private final List<String> scratch = new ArrayList<>();

  @Override
  public Converted toUpperCase(Document document) {
    for (String line : document.lines()) {
      scratch.add(line.toUpperCase(Locale.ROOT));
    }
    return new Converted(
        new Document(document.title().toUpperCase(Locale.ROOT), List.copyOf(scratch)), id);
  }

  @Override
  public void close() {
    closed.incrementAndGet();
  }
}
