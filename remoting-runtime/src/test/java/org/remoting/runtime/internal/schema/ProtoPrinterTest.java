package org.remoting.runtime.internal.schema;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Struct;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.remoting.runtime.internal.schema.Fixtures.Calculator;
import org.remoting.runtime.internal.schema.Fixtures.Tree;

class ProtoPrinterTest {
  private final SchemaCompiler compiler = new SchemaCompiler();

  private static void assertLines(String text, List<String> lines) {
    List<String> actual = text.lines().toList();
    for (String line : lines) {
      assertTrue(actual.contains(line), () -> "missing line '" + line + "' in:\n" + text);
    }
  }

  @Test
  void serviceFile() {
    String text = ProtoPrinter.print(compiler.compile(Calculator.class).file());
    assertTrue(text.startsWith("syntax = \"proto3\";\n\npackage demo;\n"), text);
    String point = ".org.remoting.runtime.internal.schema.Fixtures_Point";
    assertLines(text, List.of(
        "import \"org/remoting/runtime/internal/schema/Fixtures_Point.proto\";",
        "import \"google/protobuf/timestamp.proto\";",
        "message CalculatorAddRequest {",
        "  int32 a = 1;",
        "message CalculatorAddLongsResponse {",
        "  int64 result = 1;",
        "message CalculatorScaleRequest {",
        "  " + point + " p = 1;",
        "  optional string first_name = 2;",
        "  map<string, " + point + "> by_name = 3;",
        "  repeated int32 xs = 4;",
        "  optional .org.remoting.runtime.internal.schema.Fixtures_Color color = 5;",
        "  .google.protobuf.Timestamp at = 6;",
        "service Calculator {",
        "  rpc add(.demo.CalculatorAddRequest) returns (.demo.CalculatorAddResponse);",
        "  rpc addLongs(.demo.CalculatorAddLongsRequest) returns (.demo.CalculatorAddLongsResponse);"));
    assertTrue(!text.contains("Entry"), "map entries are printed as map<K, V>");
    assertTrue(!text.contains("oneof"), "synthetic oneofs are printed as optional");
  }

  @Test
  void recordAndEnumFiles() throws Exception {
    FileDescriptor tree = compiler.compile(Fixtures.AllTypes.class)
        .method(Fixtures.AllTypes.class.getMethod("tree", Tree.class))
        .requestType().findFieldByNumber(1).getMessageType().getFile();
    assertLines(ProtoPrinter.print(tree), List.of(
        "package org.remoting.runtime.internal.schema;",
        "message Fixtures_Tree {",
        "  optional string label = 1;",
        "  repeated .org.remoting.runtime.internal.schema.Fixtures_Tree children = 2;",
        "  map<string, .org.remoting.runtime.internal.schema.Fixtures_Tree> named = 3;",
        "  .org.remoting.runtime.internal.schema.Fixtures_Tree parent = 4;"));
    FileDescriptor color = compiler.compile(Calculator.class).methods().get(3).requestType()
        .findFieldByName("color").getEnumType().getFile();
    assertLines(ProtoPrinter.print(color), List.of(
        "enum Fixtures_Color {", "  FIXTURES_COLOR_RED = 0;", "  FIXTURES_COLOR_BLUE = 2;", "}"));
  }

  @Test
  void realOneofsOfOtherFiles() {
    assertLines(ProtoPrinter.print(Struct.getDescriptor().getFile()), List.of(
        "  map<string, .google.protobuf.Value> fields = 1;",
        "  oneof kind {",
        "    double number_value = 2;",
        "enum NullValue {"));
  }
}
