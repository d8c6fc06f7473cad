package org.remoting.runtime.internal.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NamesTest {
  @Test
  void snakeCase() {
    assertEquals("a", Names.snakeCase("a"));
    assertEquals("first_name", Names.snakeCase("firstName"));
    assertEquals("http_server_url", Names.snakeCase("httpServerURL"));
    assertEquals("html_parser", Names.snakeCase("HTMLParser"));
    assertEquals("value2_x", Names.snakeCase("value2X"));
    assertEquals("already_snake", Names.snakeCase("already_snake"));
    assertEquals("OUTER_COLOR", Names.upperSnakeCase("Outer_Color"));
  }

  @Test
  void camelCaseAsProtoc() {
    assertEquals("ByNameEntry", Names.upperCamelCase("by_name") + "Entry");
    assertEquals("Foo2bar", Names.upperCamelCase("foo2bar"));
  }

  @Test
  void validity() {
    assertTrue(Names.isFullName("demo.Calculator"));
    assertTrue(Names.isFullName("Calc"));
    assertFalse(Names.isFullName("demo..Calc"));
    assertFalse(Names.isFullName("demo.1Calc"));
    assertFalse(Names.isFullName("demo-x.Calc"));
    assertFalse(Names.isMethodName("_add"));
    assertFalse(Names.isIdentifier("cafè"));
    assertEquals("a/b/C.proto", Names.fileName("a.b", "C"));
    assertEquals("C.proto", Names.fileName("", "C"));
  }
}
