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
 * java -jar samples/target/remoting-samples.jar client [--target HOST:PORT]
 * java -jar samples/target/remoting-samples.jar tour
 * java -jar samples/target/remoting-samples.jar proto [--out DIR] [SERVICE...]
 * </pre>
 *
 * {@code proto} prints the {@code .proto} files of the sample services (all, or those named, as
 * {@code demo.Calculator} or {@code Calculator}); with {@code --out DIR} it writes them as
 * separate files under {@code DIR} instead, ready for {@code protoc -I DIR}.
 *
 * The tour starts a server process and a client process and walks through every sample.
 */
public final class SamplesMain {
  static final String DEFAULT_CONFIG = "samples/conf/server.conf";

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
        SampleClient.run(option(args, "--target", "localhost:7070"));
        break;
      case "tour":
        System.exit(tour());
        break;
      case "proto":
        proto(args);
        break;
      default:
        System.err.println(
            "usage: server [--port N] [--config FILE] | client [--target HOST:PORT] | tour"
                + " | proto [--out DIR] [SERVICE...]");
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

  /** Runs a server and a client in two processes; returns the client's exit code. */
  private static int tour() throws Exception {
    File config = new File(DEFAULT_CONFIG);
    List<String> serverArgs = new ArrayList<>(List.of("server", "--port", "0"));
    if (config.isFile()) {
      serverArgs.addAll(List.of("--config", config.getPath()));
    }
    Process server = java(serverArgs).redirectErrorStream(true).start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      String port = null;
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("READY port=")) {
          port = line.substring("READY port=".length());
          break;
        }
        System.out.println(line);
      }
      if (port == null) {
        System.err.println("the sample server did not start");
        return 1;
      }
      System.out.println("[tour] server process " + server.pid() + " listening on port " + port);
      Thread echo = new Thread(() -> echo(out), "server-output");
      echo.setDaemon(true);
      echo.start();
      Process client =
          java(List.of("client", "--target", "localhost:" + port)).inheritIO().start();
      if (!client.waitFor(60, TimeUnit.SECONDS)) {
        client.destroyForcibly();
        System.err.println("the sample client did not finish within 60 s");
        return 1;
      }
      System.out.println();
      System.out.println("[tour] client process exited with " + client.exitValue()
          + "; stopping the server (graceful shutdown)");
      stop(server);
      echo.join(2_000);
      return client.exitValue();
    } finally {
      stop(server);
    }
  }

  private static void stop(Process server) throws InterruptedException {
    // ProcessHandle.destroy sends SIGTERM without closing our end of the server's output, so the
    // server's graceful-shutdown lines still reach the tour's output.
    server.toHandle().destroy();
    if (!server.waitFor(15, TimeUnit.SECONDS)) {
      server.destroyForcibly();
    }
  }

  private static void echo(BufferedReader out) {
    try {
      String line;
      while ((line = out.readLine()) != null) {
        System.out.println(line);
      }
    } catch (java.io.IOException closed) {
      // the server process ended
    }
  }

  private static ProcessBuilder java(List<String> args) {
    String javaBin = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    command.add(javaBin);
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
