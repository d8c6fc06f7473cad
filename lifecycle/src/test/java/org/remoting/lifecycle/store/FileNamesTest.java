package org.remoting.lifecycle.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FileNamesTest {

  @Test
  void examples() {
    assertEquals("acct-42", FileNames.encode("acct-42"));
    assertEquals("demo.%41ccount", FileNames.encode("demo.Account"));
    assertEquals("%41cct%2F1", FileNames.encode("Acct/1"));
    assertEquals("%2E", FileNames.encode("."));
    assertEquals("%2E.", FileNames.encode(".."));
    assertEquals("%2E.%2Fx", FileNames.encode("../x"));
    assertEquals("%", FileNames.encode(""));
    assertEquals("%25", FileNames.encode("%"));
    assertEquals("%C3%A4", FileNames.encode("ä"));
    assertEquals("%F0%9F%98%80", FileNames.encode("😀"));
    assertEquals("%ED%A0%80", FileNames.encode("\uD800")); // unpaired surrogate, not '?'
    assertEquals("%3F", FileNames.encode("?"));
  }

  @Test
  void namesAreSafeAndDistinctIgnoringCase() {
    List<String> inputs = new ArrayList<>(StateStoreContract.ODD_IDS);
    for (int c = 0; c < 0x250; c++) {
      inputs.add(String.valueOf((char) c));
      inputs.add("a" + (char) c + "b");
    }
    inputs.add("\uD83D\uDE00"); // a pair
    inputs.add("\uDE00\uD83D"); // the same units, unpaired
    Map<String, String> byFoldedName = new HashMap<>();
    for (String input : inputs) {
      String name = FileNames.encode(input);
      assertFalse(name.isEmpty());
      assertFalse(name.startsWith("."), name);
      assertTrue(name.length() <= FileNames.MAX_LENGTH, name);
      assertTrue(name.chars().allMatch(ch -> ch > 0x20 && ch < 0x7F), name);
      assertFalse(name.contains("/") || name.contains("\\") || name.contains(":"), name);
      String previous = byFoldedName.put(name.toLowerCase(Locale.ROOT), input);
      if (previous != null && !previous.equals(input)) {
        throw new AssertionError("'" + previous + "' and '" + input + "' share " + name);
      }
    }
  }

  @Test
  void longNamesAreShortenedWithAHash() {
    String a = FileNames.encode("x".repeat(1000));
    String b = FileNames.encode("x".repeat(999) + "y");
    String c = FileNames.encode("é".repeat(100)); // 600 characters encoded
    for (String name : List.of(a, b, c)) {
      assertTrue(name.length() <= FileNames.MAX_LENGTH, name);
      assertTrue(name.contains("~"), name);
    }
    assertFalse(a.equals(b));
    assertTrue(a.startsWith("x".repeat(FileNames.PREFIX_LENGTH) + "~"), a);
    // the prefix never ends in a cut escape
    String prefix = c.substring(0, c.indexOf('~'));
    assertTrue(prefix.matches("(%[0-9A-F]{2})+"), prefix);
    // a name of exactly the limit is not shortened
    assertEquals(
        "x".repeat(FileNames.MAX_LENGTH), FileNames.encode("x".repeat(FileNames.MAX_LENGTH)));
  }
}
