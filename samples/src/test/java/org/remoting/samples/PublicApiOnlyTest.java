package org.remoting.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The samples teach the public API, so they must not import the runtime's internals. */
class PublicApiOnlyTest {

  @Test
  void samplesDoNotImportInternalPackages() throws IOException {
    List<String> offenders;
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      offenders =
          files
              .filter(f -> f.toString().endsWith(".java"))
              .filter(f -> read(f).contains(".internal."))
              .map(Path::toString)
              .collect(Collectors.toList());
    }
    assertEquals(List.of(), offenders, "files importing org.remoting...internal");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
