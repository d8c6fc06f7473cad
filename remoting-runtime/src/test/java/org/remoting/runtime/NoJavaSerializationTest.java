package org.remoting.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Java serialization is never used (DESIGN.md). Every module's tests run with {@code
 * -Djdk.serialFilter=!*} (the surefire {@code argLine} in the root pom), so any deserialization,
 * by the framework or a library it calls, fails the test that triggers it. This test fails if the
 * filter is not in force, so the property cannot silently disappear from the build.
 */
class NoJavaSerializationTest {

  @Test
  void theJvmWideSerialFilterRejectsEveryClass() throws Exception {
    assertEquals("!*", System.getProperty("jdk.serialFilter"), "set by the surefire argLine");
    ObjectInputFilter filter = ObjectInputFilter.Config.getSerialFilter();
    assertNotNull(filter, "no JVM-wide serial filter");

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(new ArrayList<>(List.of(1, 2, 3))); // writing is not filtered
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      InvalidClassException rejected = assertThrows(InvalidClassException.class, in::readObject);
      assertTrue(rejected.getMessage().contains("REJECTED"), rejected.getMessage());
    }
  }
}
