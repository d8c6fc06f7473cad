package org.remoting.runtime.internal.schema;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * A Java type that cannot be mapped, thrown while deriving a schema and turned into an {@link
 * org.remoting.InvalidRemoteInterfaceException} once the interface, method and parameter are
 * known. Carries the offending type, the reason and the record components it was reached through.
 */
final class SchemaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  static final String ACCEPTED =
      "Supported types: boolean, int, long, float, double, short, byte, char and their boxes;"
          + " String; byte[]; enums; records of supported types; java.time.Instant;"
          + " java.time.Duration; protobuf Message classes; @Remote interfaces (passed by reference); and List<X>, Set<X>, Optional<X>,"
          + " Map<K, V> of those (X and V not themselves collections or Optional; K an integral"
          + " type, Boolean or String).";

  private final transient Type type;
  private final boolean listAccepted;
  private final List<String> path = new ArrayList<>();

  /** An unsupported type; the final message lists the supported ones. */
  SchemaException(Type type, String reason) {
    this(type, reason, true);
  }

  SchemaException(Type type, String reason, boolean listAccepted) {
    super(reason);
    this.type = type;
    this.listAccepted = listAccepted;
  }

  /** Records that the type was reached through {@code where}, such as a record component. */
  SchemaException via(String where) {
    path.add(where);
    return this;
  }

  /** The problem, with the path and, for unsupported types, the supported ones. */
  String describe() {
    var b = new StringBuilder();
    if (type != null) {
      b.append("unsupported type ").append(type.getTypeName());
    }
    if (!path.isEmpty()) {
      b.append(type != null ? " " : "").append("(in ").append(String.join(", in ", path));
      b.append(')');
    }
    if (getMessage() != null) {
      b.append(b.length() > 0 ? ": " : "").append(getMessage());
    }
    if (listAccepted) {
      b.append(". ").append(ACCEPTED);
    }
    return b.toString();
  }
}
