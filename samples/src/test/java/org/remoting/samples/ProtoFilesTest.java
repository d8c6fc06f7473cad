package org.remoting.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProtoFilesTest {
  @TempDir Path dir;

  @Test
  void splitsThePrintedTextIntoOneFileEachWithItsImports() {
    Map<String, String> files = ProtoFiles.of(List.of(QuoteService.class, Calculator.class));

    assertEquals(
        List.of(
            "demo/QuoteService.proto", "org/remoting/samples/QuoteService_Quote.proto",
            "demo/Calculator.proto"),
        List.copyOf(files.keySet()));
    files.forEach((path, text) -> {
      assertTrue(text.startsWith("// " + path + "\nsyntax = \"proto3\";\n"), path + ":\n" + text);
      assertEquals(text.indexOf("syntax ="), text.lastIndexOf("syntax ="), path + ":\n" + text);
    });
    assertTrue(files.get("demo/QuoteService.proto")
        .contains("import \"org/remoting/samples/QuoteService_Quote.proto\";"));
  }

  @Test
  void writesEveryFileOnceUnderItsPath() throws Exception {
    List<Path> written = ProtoFiles.write(dir, SamplesMain.SERVICES);

    assertEquals(ProtoFiles.of(SamplesMain.SERVICES).size(), written.size());
    assertEquals(written.size(), written.stream().distinct().count());
    assertTrue(
        Files.readString(dir.resolve("demo/BankAccount.proto")).contains("service BankAccount {"));
  }

  @Test
  void rejectsTextThatIsNotRemotingProtoOutput() {
    assertThrows(IllegalArgumentException.class, () -> ProtoFiles.split("syntax = \"proto3\";\n"));
  }
}
