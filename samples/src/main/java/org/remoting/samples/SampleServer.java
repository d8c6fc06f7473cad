package org.remoting.samples;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.util.concurrent.atomic.AtomicReference;
import org.remoting.Lifecycle;
import org.remoting.lifecycle.PoolPolicy;
import org.remoting.lifecycle.ServantPolicy;
import org.remoting.AccessDeniedException;
import org.remoting.runtime.RemotingServer;

/** The sample server: exports one servant per lifecycle, tuned by a HOCON file. */
public final class SampleServer {
  private SampleServer() {}

  /**
   * Builds the sample server.
   *
   * @param port the TCP port, or {@code null} for the config file's {@code remoting.server.port}
   * @param configFile the HOCON file, or {@code null} for built-in defaults only
   */
  public static RemotingServer build(Integer port, File configFile) {
    return build(port, configFile, null);
  }

  /** Builds the sample server, recording its metrics in {@code metrics} unless null. */
  static RemotingServer build(Integer port, File configFile, MeterRegistry metrics) {
    RemotingServer.Builder builder = RemotingServer.builder();
    if (metrics != null) {
      builder.meterRegistry(metrics);
    }
    if (configFile != null) {
      Config config = ConfigFactory.parseFile(configFile);
      builder.config(config);
    }
    if (port != null) {
      builder.port(port);
    }
    // The shop reports the server's cart lease counters, and the server exists only after build().
    AtomicReference<RemotingServer> built = new AtomicReference<>();
    ShopServant shop = new ShopServant(() -> built.get().leaseStats("demo.Cart"));
    RemotingServer server =
        builder
            // The authorization hook sees who calls which method of which object before any
            // servant runs (docs/security.md); here it keeps bank account ids to one form.
            .accessPolicy(call -> {
              if (call.service().equals("demo.BankAccount")
                  && (call.objectId() == null || !call.objectId().startsWith("acct-"))) {
                throw new AccessDeniedException(
                    "bank account ids start with acct-, got " + call.objectId());
              }
            })
            .export(Calculator.class, CalculatorServant.class)
            .export(QuoteService.class, QuoteServant.class)
            .export(DocumentConverter.class, DocumentConverterServant.class)
            .export(ExpressionParser.class, ExpressionParserServant.class)
            .export(Shop.class, ShopServant.class, () -> shop) // and demo.Cart, which it returns
            .export(AuditLog.class, AuditLogServant.class)
            .export(BankAccount.class, BankAccountServant.class)
            .build();
    built.set(server);
    return server;
  }

  private static String describe(ServantPolicy policy) {
    String text = policy.lifecycle().configName() + ", " + policy.concurrency().configName();
    if (policy.lifecycle() == Lifecycle.LEASED) {
      text += ", objects returned by remote methods, each alive while its client renews its lease";
    }
    if (policy.lifecycle() == Lifecycle.PASSIVATED) {
      text += ", state saved to a store when idle";
    }
    if (policy.lifecycle() == Lifecycle.POOLED) {
      PoolPolicy pool = policy.pool();
      text += ", pool min " + pool.min() + " max " + pool.max() + " max-wait " + pool.maxWait().toMillis()
          + "ms idle " + pool.idle().toSeconds() + "s";
    }
    return text;
  }

  /**
   * Runs the server until the process is stopped; on SIGTERM/Ctrl-C prints a summary of its
   * metrics and shuts down gracefully.
   */
  static void run(Integer port, File configFile) throws Exception {
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    RemotingServer server = build(port, configFile, metrics).start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      MetricsSummary.lines(metrics).forEach(line -> System.out.println("[server] metrics: " + line));
      server.close();
    }, "sample-server-shutdown"));
    System.out.println("[server] config: " + (configFile == null ? "(built-in defaults)" : configFile));
    for (String service : server.services()) {
      if (service.equals("remoting.Leases")) {
        System.out.println("[server] remoting.Leases: the lease protocol;"
            + " clients renew and release leased objects with it");
        continue;
      }
      System.out.println("[server] " + service + ": " + describe(server.servantPolicy(service)));
    }
    System.out.println("READY port=" + server.port());
    System.out.flush();
    server.awaitTermination();
  }
}
