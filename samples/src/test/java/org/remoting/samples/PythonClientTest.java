package org.remoting.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remoting.runtime.RemotingClient;
import org.remoting.runtime.RemotingServer;

/**
 * A foreign client: {@code clients/python/remoting_client.py} calls the sample server over TCP
 * loopback with Python {@code grpcio}, using message classes that {@code protoc} generates from the
 * {@code .proto} files the framework prints. No Java on the client side.
 *
 * <p>Needs Debian's {@code python3-grpcio python3-protobuf protobuf-compiler libprotobuf-dev}
 * ({@code .ci/run} installs them) and fails, saying so, when they are missing. Skip it with
 * {@code -DskipForeignClient=true} or the environment variable
 * {@code REMOTING_SKIP_FOREIGN_CLIENT=true}.
 */
class PythonClientTest {
  /** Debian's interpreter, where python3-grpcio installs; not whatever python3 is on the PATH. */
  private static final String PYTHON = "/usr/bin/python3";

  private static final String SCRIPT = "clients/python/remoting_client.py";
  private static final String PACKAGES =
      "python3-grpcio python3-protobuf protobuf-compiler libprotobuf-dev";
  private static final long TIMEOUT_SECONDS = 30;

  @TempDir Path dir;

  @Test
  void pythonClientCallsTheSampleServerWithThePrintedProtoFiles() throws Exception {
    Assumptions.assumeFalse(
        Boolean.getBoolean("skipForeignClient")
            || "true".equalsIgnoreCase(System.getenv("REMOTING_SKIP_FOREIGN_CLIENT")),
        "foreign-client test skipped by skipForeignClient / REMOTING_SKIP_FOREIGN_CLIENT");
    requireRuntime();

    Path protos = dir.resolve("protos");
    ProtoFiles.write(protos, SamplesMain.SERVICES);
    RemotingServer server = SampleServer.build(0, config()).start();
    try {
      String account = "acct-py-test";
      List<String> out =
          run(
              PYTHON, SCRIPT, "--protos", protos.toString(),
              "--target", "127.0.0.1:" + server.port(), "--account", account, "--timeout", "5");

      assertContains(out, "add(2, 3) = 5");
      assertContains(out, "addLongs(2**40, 1) = 1099511627777");
      assertContains(out, "quote('ACME') = symbol=ACME price=");
      // The object id header addresses one account; another id is another account.
      assertContains(out, account + ": balance() = 0, deposit(100) = 100, balance() = 100");
      assertContains(out, account + "-other: balance() = 0");
      // Status code and trailers, as docs/errors.md documents them.
      assertContains(
          out,
          "divide(7, 0) failed: UNKNOWN, remoting-failure=APPLICATION, remoting-error-type="
              + Calculator.DivisionByZeroException.class.getName()
              + ", remoting-error-message='cannot divide 7 by zero'");
      assertContains(
          out,
          "add on object 'no-such-object' failed: NOT_FOUND, remoting-failure=OBJECT_NOT_FOUND");

      // A Java client sees the object the Python client changed.
      try (RemotingClient client = RemotingClient.connect("127.0.0.1:" + server.port())) {
        assertEquals(100, client.lookup(BankAccount.class, account).balance());
      }
    } finally {
      server.close();
    }
  }

  /** The shipped config, with accounts stored in the test's directory instead of samples/data. */
  private File config() throws IOException {
    File shipped = new File("conf/server.conf");
    assertTrue(shipped.isFile(), "the shipped config file exists: " + shipped.getAbsolutePath());
    Path config = dir.resolve("server.conf");
    Files.writeString(
        config,
        "include file(" + quote(shipped.getAbsolutePath()) + ")\n"
            + "remoting.servants.\"demo.BankAccount\".passivation.dir = "
            + quote(dir.resolve("accounts").toString()) + "\n");
    return config.toFile();
  }

  private static String quote(String text) {
    return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /** Fails, naming the packages to install, when Python, grpcio, protobuf or protoc is missing. */
  private void requireRuntime() throws Exception {
    String problem = new File(PYTHON).canExecute() ? null : PYTHON + " not found";
    if (problem == null) {
      problem = probe(PYTHON, "-c", "import grpc, google.protobuf");
    }
    if (problem == null) {
      problem = probe("protoc", "--version");
    }
    if (problem != null) {
      fail("The Python client test needs Python 3 with grpcio and protobuf, and protoc: install"
          + " them with `apt-get install " + PACKAGES + "` (.ci/run does), or skip this test with"
          + " -DskipForeignClient=true. Problem: " + problem);
    }
  }

  /** Runs a command; {@code null} if it exits 0, else what went wrong. */
  private String probe(String... command) throws Exception {
    List<String> lines = new ArrayList<>();
    try {
      int code = start(lines, command);
      return code == 0 ? null : String.join(" ", command) + " exited with " + code + ": "
          + String.join("\n", lines);
    } catch (IOException e) {
      return String.join(" ", command) + ": " + e.getMessage();
    }
  }

  /** Runs the client; fails unless it exits 0 in time. Returns its output lines. */
  private List<String> run(String... command) throws Exception {
    List<String> lines = new ArrayList<>();
    int code = start(lines, command);
    System.out.println(String.join("\n", lines));
    assertEquals(0, code, "exit code of " + String.join(" ", command) + ", output:\n"
        + String.join("\n", lines));
    return lines;
  }

  private int start(List<String> lines, String... command) throws Exception {
    Path output = Files.createTempFile(dir, "output", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    builder.environment().put("PYTHONIOENCODING", "utf-8");
    Process process = builder.start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      fail(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS
          + " s, output:\n" + Files.readString(output, StandardCharsets.UTF_8));
    }
    lines.addAll(Files.readAllLines(output, StandardCharsets.UTF_8));
    return process.exitValue();
  }

  private static void assertContains(List<String> lines, String start) {
    assertTrue(
        lines.stream().anyMatch(line -> line.startsWith(start)),
        "a line starting with '" + start + "' in the client's output:\n"
            + String.join("\n", lines));
  }
}
