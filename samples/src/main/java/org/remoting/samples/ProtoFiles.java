package org.remoting.samples;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.remoting.runtime.Remoting;

/**
 * The {@code .proto} files of remote interfaces, as separate files that {@code protoc} (or any
 * other code generator) can read: what a client in another language starts from.
 *
 * <p>{@link Remoting#proto(Class)} returns one text with every file a service needs, each
 * introduced by a line {@code // <path>.proto}; this class splits that text on those lines.
 */
final class ProtoFiles {
  private static final Pattern HEADER = Pattern.compile("(?m)^// (\\S+\\.proto)\\n(?=syntax = )");

  private ProtoFiles() {}

  /**
   * The files of {@code services}, by path ({@code demo/Calculator.proto}), in order; a file used
   * by several services (a shared record) appears once.
   *
   * @throws IllegalStateException if two services print different files at one path
   */
  static Map<String, String> of(List<Class<?>> services) {
    Map<String, String> files = new LinkedHashMap<>();
    for (Class<?> service : services) {
      split(Remoting.proto(service)).forEach((path, text) -> {
        String previous = files.putIfAbsent(path, text);
        if (previous != null && !previous.equals(text)) {
          throw new IllegalStateException(
              "two different files at " + path + " (second one from " + service.getName() + ")");
        }
      });
    }
    return files;
  }

  /**
   * Writes the files of {@code services} under {@code dir} ({@code dir/demo/Calculator.proto}),
   * creating directories as needed and replacing files of the same name.
   *
   * @return the files written
   */
  static List<Path> write(Path dir, List<Class<?>> services) throws IOException {
    requireNonNull(dir, "dir");
    List<Path> written = new ArrayList<>();
    for (Map.Entry<String, String> file : of(services).entrySet()) {
      Path target = dir.resolve(file.getKey());
      Files.createDirectories(target.getParent());
      Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
      written.add(target);
    }
    return written;
  }

  /** Splits the text of {@link Remoting#proto(Class)} into its files. */
  static Map<String, String> split(String text) {
    Matcher header = HEADER.matcher(text);
    List<Integer> starts = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    while (header.find()) {
      starts.add(header.start());
      paths.add(header.group(1));
    }
    if (starts.isEmpty() || starts.get(0) != 0) {
      throw new IllegalArgumentException(
          "not the text of Remoting.proto: no '// <file>.proto' line first");
    }
    Map<String, String> files = new LinkedHashMap<>();
    for (int i = 0; i < starts.size(); i++) {
      int end = i + 1 < starts.size() ? starts.get(i + 1) : text.length();
      files.put(paths.get(i), text.substring(starts.get(i), end).stripTrailing() + "\n");
    }
    return files;
  }
}
