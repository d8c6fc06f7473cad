package org.remoting.samples;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.remoting.Remote;
import org.remoting.runtime.Remoting;

/**
 * Entry point of the samples jar.
 *
 * <pre>
 * java -jar samples/target/remoting-samples.jar server [--port N] [--config FILE]
 * java -jar samples/target/remoting-samples.jar client [--target HOST:PORT] [--compare HOST:PORT]
 *     [--only SAMPLE,...]
 * java -jar samples/target/remoting-samples.jar tour [--only SAMPLE,...]
 * java -jar samples/target/remoting-samples.jar proto [--out DIR] [SERVICE...]
 * </pre>
 *
 * The samples are {@link SampleClient#SAMPLES}: {@code static, lazy, per-request, pooled,
 * two-configs, leased, passivated, styles, errors}; {@code --only} runs some of them.
 *
 * {@code proto} prints the {@code .proto} files of the sample services (all, or those named, as
 * {@code demo.Calculator} or {@code Calculator}); with {@code --out DIR} it writes them as
 * separate files under {@code DIR} instead, ready for {@code protoc -I DIR}.
 *
 * <p>The tour starts a server process with {@code samples/conf/server.conf}, a second one with
 * {@code samples/conf/server-per-request.conf} (for the two-configs sample), and a client process
 * that walks through the samples.
 */
public final class SamplesMain {
  static final String DEFAULT_CONFIG = "samples/conf/server.conf";
  static final String PER_REQUEST_CONFIG = "samples/conf/server-per-request.conf";

  /** Every sample service, in the order of the tour. */
  static final List<Class<?>> SERVICES =
      List.of(
          Calculator.class, QuoteService.class, DocumentConverter.class,
          ExpressionParser.class, Shop.class, Cart.class, BankAccount.class, AuditLog.class);

  private SamplesMain() {}

  public static void main(String[] args) throws Exception {
    String command = args.length == 0 ? "tour" : args[0];
    switch (command) {
      case "server":
        SampleServer.run(intOption(args, "--port"), configOption(args));
        break;
      case "client":
        SampleClient.run(
            option(args, "--target", "localhost:7070"),
            option(args, "--compare", null),
            samplesOption(args));
        break;
      case "tour":
        System.exit(tour(args));
        break;
      case "proto":
        proto(args);
        break;
      default:
        System.err.println(
            "usage: server [--port N] [--config FILE]"
                + " | client [--target HOST:PORT] [--compare HOST:PORT] [--only SAMPLE,...]"
                + " | tour [--only SAMPLE,...] | proto [--out DIR] [SERVICE...]"
                + "; the samples are " + SampleClient.SAMPLES);
        System.exit(2);
    }
  }

  private static void proto(String[] args) throws IOException {
    String out = option(args, "--out", null);
    List<Class<?>> services = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--out")) {
        if (out == null) {
          System.err.println("--out needs a directory");
          System.exit(2);
        }
        i++;
      } else {
        services.add(service(args[i]));
      }
    }
    if (services.isEmpty()) {
      services = SERVICES;
    }
    if (out == null) {
      for (Class<?> service : services) {
        System.out.println(Remoting.proto(service));
      }
      return;
    }
    for (Path file : ProtoFiles.write(Path.of(out), services)) {
      System.out.println(file);
    }
  }

  private static Class<?> service(String name) {
    for (Class<?> service : SERVICES) {
      if (name.equals(service.getSimpleName())
          || name.equals(service.getAnnotation(Remote.class).value())) {
        return service;
      }
    }
    System.err.println("unknown service '" + name + "'; the samples have "
        + SERVICES.stream().map(s -> s.getAnnotation(Remote.class).value()).toList());
    System.exit(2);
    throw new AssertionError("unreachable");
  }

  /**
   * Runs the sample server and the sample client in two processes, plus, for the two-configs
   * sample, a second server with another config file; returns the client's exit code.
   */
  private static int tour(String[] args) throws Exception {
    List<String> samples = samplesOption(args);
    List<ServerProcess> servers = new ArrayList<>();
    try {
      if (!new File(DEFAULT_CONFIG).isFile()) {
        System.out.println("[tour] no " + DEFAULT_CONFIG + " here (run the tour from the"
            + " repository root): the server runs with built-in defaults, the two-configs sample"
            + " is skipped");
      }
      // Both servers start at once; their output is echoed, the second's labelled [server 2].
      servers.add(ServerProcess.start("server", new File(DEFAULT_CONFIG)));
      if (samples.contains("two-configs") && new File(PER_REQUEST_CONFIG).isFile()) {
        servers.add(ServerProcess.start("server 2", new File(PER_REQUEST_CONFIG)));
      }
      List<String> firstLines = null;
      for (ServerProcess server : servers) {
        if (!server.awaitReady(firstLines)) {
          System.err.println("the sample " + server.label + " did not start");
          return 1;
        }
        System.out.println("[tour] " + server.label + ": process " + server.process.pid()
            + ", port " + server.port + ", config "
            + (server.config.isFile() ? server.config : "(built-in defaults)")
            + (firstLines == null ? "" : "; printed above only where it differs from the first"));
        firstLines = server.startupLines;
      }
      List<String> clientArgs =
          new ArrayList<>(List.of("client", "--target", "localhost:" + servers.get(0).port));
      if (servers.size() > 1) {
        clientArgs.addAll(List.of("--compare", "localhost:" + servers.get(1).port));
      }
      if (samples.size() < SampleClient.SAMPLES.size()) {
        clientArgs.addAll(List.of("--only", String.join(",", samples)));
      }
      Process client = java(clientArgs).inheritIO().start();
      if (!client.waitFor(60, TimeUnit.SECONDS)) {
        client.destroyForcibly();
        System.err.println("the sample client did not finish within 60 s");
        return 1;
      }
      System.out.println();
      System.out.println("[tour] client process exited with " + client.exitValue()
          + "; stopping the server" + (servers.size() > 1 ? "s" : "") + " (graceful shutdown)");
      for (ServerProcess server : servers) {
        server.stop();
      }
      return client.exitValue();
    } finally {
      for (ServerProcess server : servers) {
        server.stop();
      }
    }
  }

  /** A sample server in its own process, its output echoed with a label. */
  private static final class ServerProcess {
    final String label;
    final File config;
    final Process process;
    final BufferedReader out;
    final List<String> startupLines = new ArrayList<>();
    Thread echo;
    String port;

    private ServerProcess(String label, File config, Process process) {
      this.label = label;
      this.config = config;
      this.process = process;
      this.out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static ServerProcess start(String label, File config) throws IOException {
      List<String> args = new ArrayList<>(List.of("server", "--port", "0"));
      if (config.isFile()) {
        args.addAll(List.of("--config", config.getPath()));
      }
      return new ServerProcess(label, config, java(args).redirectErrorStream(true).start());
    }

    /**
     * Echoes the start-up lines until the server says READY (skipping those that are in {@code
     * skip}, when given), then keeps echoing in the background.
     */
    boolean awaitReady(List<String> skip) throws IOException {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("READY port=")) {
          port = line.substring("READY port=".length());
          break;
        }
        startupLines.add(line);
        if (skip == null || !skip.contains(line)) {
          System.out.println(labelled(line));
        }
      }
      if (port == null) {
        return false;
      }
      echo = new Thread(this::echo, label + "-output");
      echo.setDaemon(true);
      echo.start();
      return true;
    }

    private String labelled(String line) {
      return label.equals("server") ? line : line.replace("[server]", "[" + label + "]");
    }

    private void echo() {
      try {
        String line;
        while ((line = out.readLine()) != null) {
          System.out.println(labelled(line));
        }
      } catch (IOException closed) {
        // the server process ended
      }
    }

    void stop() throws InterruptedException {
      // ProcessHandle.destroy sends SIGTERM without closing our end of the server's output, so
      // the server's graceful-shutdown lines still reach the tour's output.
      process.toHandle().destroy();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      if (echo != null) {
        echo.join(2_000);
      }
    }
  }

  /**
   * A JVM running this class with {@code args}. It gets this JVM's {@code remoting.*} system
   * properties, so {@code java -Dremoting.servants."demo.ExpressionParser".pool.max=6 -jar ...
   * tour} changes the tour's servers.
   */
  private static ProcessBuilder java(List<String> args) {
    String javaBin = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    command.add(javaBin);
    for (String name : System.getProperties().stringPropertyNames()) {
      if (name.startsWith("remoting.")) {
        command.add("-D" + name + "=" + System.getProperty(name));
      }
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(SamplesMain.class.getName());
    command.addAll(args);
    return new ProcessBuilder(command);
  }

  private static String option(String[] args, String name, String fallback) {
    for (int i = 1; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }

  /** The samples named by {@code --only a,b}, or all of them. */
  private static List<String> samplesOption(String[] args) {
    String only = option(args, "--only", null);
    if (only == null) {
      return SampleClient.SAMPLES;
    }
    List<String> samples = List.of(only.split(","));
    for (String sample : samples) {
      if (!SampleClient.SAMPLES.contains(sample)) {
        System.err.println("no sample '" + sample + "'; the samples are " + SampleClient.SAMPLES);
        System.exit(2);
      }
    }
    return samples;
  }

  private static Integer intOption(String[] args, String name) {
    String value = option(args, name, null);
    return value == null ? null : Integer.valueOf(value);
  }

  private static File configOption(String[] args) {
    String value = option(args, "--config", null);
    if (value != null) {
      return new File(value);
    }
    File fallback = new File(DEFAULT_CONFIG);
    return fallback.isFile() ? fallback : null;
  }
}
