package org.remoting.samples;

import java.util.List;
import org.remoting.Remote;

/** Converts documents with a per-call scratch state: the per-request lifecycle's sample. */
@Remote("demo.DocumentConverter")
public interface DocumentConverter {
  Converted toUpperCase(Document document);

  record Document(String title, List<String> lines) {}

  record Converted(Document document, int convertedByInstance) {}
}
