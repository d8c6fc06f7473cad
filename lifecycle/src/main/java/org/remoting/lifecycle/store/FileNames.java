package org.remoting.lifecycle.store;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Maps any string to a file name that is safe on POSIX and case-insensitive file systems, such that
 * different strings never map to the same name (not even when compared ignoring case).
 *
 * <p>The string's code points are written as UTF-8 (an unpaired surrogate as the three bytes of its
 * code point, so every Java string has exactly one encoding). Bytes {@code a-z}, {@code 0-9},
 * {@code -}, {@code _} and {@code .} stay as they are, except a leading {@code .}; every other
 * byte, upper-case letters included, becomes {@code %XX} with upper-case hex digits. So names never
 * start with a dot ({@code .}, {@code ..} and hidden files cannot occur, and the store's own files,
 * which do, cannot clash), contain no separator, and differ in more than letter case. The empty
 * string is {@code %}. Examples: {@code acct-42} stays {@code acct-42}, {@code Acct/1} becomes
 * {@code %41cct%2F1}, {@code ..} becomes {@code %2E.}.
 *
 * <p>A name longer than {@value #MAX_LENGTH} characters is shortened to its first
 * {@value #PREFIX_LENGTH} characters (or fewer, so no {@code %XX} is cut), {@code ~}, and the
 * SHA-256 of the UTF-8 bytes in hex. ({@code ~} never occurs in an unshortened name.) Names stay
 * within the 255-byte limit of common file systems; two long strings share a file only if their
 * SHA-256 hashes collide.
 *
 * <p>Not handled: names reserved on Windows ({@code con}, {@code nul}, ...).
 */
final class FileNames {
  static final int MAX_LENGTH = 200;
  static final int PREFIX_LENGTH = 120;
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private FileNames() {}

  /** The file name for {@code s}. */
  static String encode(String s) {
    if (s.isEmpty()) {
      return "%";
    }
    byte[] bytes = utf8(s);
    StringBuilder name = new StringBuilder(bytes.length + 16);
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xFF;
      if (isPlain(b) && !(i == 0 && b == '.')) {
        name.append((char) b);
      } else {
        name.append('%').append(HEX[b >>> 4]).append(HEX[b & 0xF]);
      }
    }
    if (name.length() <= MAX_LENGTH) {
      return name.toString();
    }
    int cut = PREFIX_LENGTH;
    int percent = name.lastIndexOf("%", cut - 1);
    if (percent >= 0 && percent > cut - 3) {
      cut = percent; // do not split an escape
    }
    return name.substring(0, cut) + '~' + sha256Hex(bytes);
  }

  private static boolean isPlain(int b) {
    return (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-' || b == '_' || b == '.';
  }

  /** UTF-8 of each code point, unpaired surrogates included (so the mapping is one-to-one). */
  private static byte[] utf8(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() + 8);
    s.codePoints()
        .forEach(
            cp -> {
              if (cp < 0x80) {
                out.write(cp);
              } else if (cp < 0x800) {
                out.write(0xC0 | (cp >>> 6));
                out.write(0x80 | (cp & 0x3F));
              } else if (cp < 0x10000) {
                out.write(0xE0 | (cp >>> 12));
                out.write(0x80 | ((cp >>> 6) & 0x3F));
                out.write(0x80 | (cp & 0x3F));
              } else {
                out.write(0xF0 | (cp >>> 18));
                out.write(0x80 | ((cp >>> 12) & 0x3F));
                out.write(0x80 | ((cp >>> 6) & 0x3F));
                out.write(0x80 | (cp & 0x3F));
              }
            });
    return out.toByteArray();
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }
}
