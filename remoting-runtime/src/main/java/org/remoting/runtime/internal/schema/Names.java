package org.remoting.runtime.internal.schema;

import java.util.Locale;
import java.util.regex.Pattern;

/** Protobuf naming rules and the conversions from Java names. */
final class Names {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern METHOD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
  private static final Pattern FULL_NAME =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

  private Names() {}

  static boolean isIdentifier(String s) {
    return IDENTIFIER.matcher(s).matches();
  }

  /** A gRPC method name: a letter followed by letters, digits or underscores. */
  static boolean isMethodName(String s) {
    return METHOD_NAME.matcher(s).matches();
  }

  /** Dot-separated identifiers, such as {@code demo.Calculator}. */
  static boolean isFullName(String s) {
    return FULL_NAME.matcher(s).matches();
  }

  /** {@code firstName} to {@code first_name}, {@code HTTPServer} to {@code http_server}. */
  static String snakeCase(String s) {
    var b = new StringBuilder(s.length() + 4);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        if (i > 0) {
          char prev = s.charAt(i - 1);
          boolean nextLower = i + 1 < s.length() && isLower(s.charAt(i + 1));
          if (isLower(prev) || isDigit(prev) || (prev >= 'A' && prev <= 'Z' && nextLower)) {
            b.append('_');
          }
        }
        b.append((char) (c + ('a' - 'A')));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** {@code Color} to {@code COLOR}, {@code Outer_HttpMethod} to {@code OUTER_HTTP_METHOD}. */
  static String upperSnakeCase(String s) {
    return snakeCase(s).toUpperCase(Locale.ROOT);
  }

  /** protoc's {@code ToCamelCase(name, false)}: {@code foo_bar} to {@code FooBar}. */
  static String upperCamelCase(String s) {
    var b = new StringBuilder(s.length());
    boolean upper = true;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '_') {
        upper = true;
      } else {
        b.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return b.toString();
  }

  /** The key protoc uses to find proto3 field names whose JSON names clash. */
  static String jsonClashKey(String fieldName) {
    return fieldName.replace("_", "").toLowerCase(Locale.ROOT);
  }

  /** {@code add} to {@code Add}. */
  static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /** The package part of {@code a.b.C}: {@code a.b}, or empty. */
  static String packageOf(String fullName) {
    int dot = fullName.lastIndexOf('.');
    return dot < 0 ? "" : fullName.substring(0, dot);
  }

  /** The last part of {@code a.b.C}: {@code C}. */
  static String simpleNameOf(String fullName) {
    return fullName.substring(fullName.lastIndexOf('.') + 1);
  }

  static String qualify(String pkg, String name) {
    return pkg.isEmpty() ? name : pkg + "." + name;
  }

  /** {@code a.b} and {@code C} to {@code a/b/C.proto}. */
  static String fileName(String pkg, String simpleName) {
    return (pkg.isEmpty() ? "" : pkg.replace('.', '/') + "/") + simpleName + ".proto";
  }

  private static boolean isLower(char c) {
    return c >= 'a' && c <= 'z';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
