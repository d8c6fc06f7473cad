package org.remoting.benchmarks;

import com.typesafe.config.ConfigFactory;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import java.net.InetSocketAddress;
import java.rmi.server.UnicastRemoteObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.remoting.Lifecycle;
import org.remoting.benchmarks.Scenario.Workload;
import org.remoting.invocation.Invocations;
import org.remoting.runtime.RemotingClient;
import org.remoting.runtime.RemotingServer;

/**
 * The benchmark scenarios. Every one runs its server and its client in this JVM and talks over
 * TCP on the loopback address 127.0.0.1, on an ephemeral port, except the same-JVM pair (named
 * with {@link #IN_PROCESS}), which use gRPC's in-process transport. The gRPC ones (raw and
 * framework) use default transport settings and one channel shared by all client threads.
 */
public final class Scenarios {
  /** Name of the raw grpc-java baseline in the table; ratios are computed against it. */
  public static final String RAW_GRPC = "raw grpc-java";

  /** Name of the Java RMI competitor in the table; ratios are computed against it. */
  public static final String RMI = "Java RMI";

  /**
   * Appended to the name of a scenario whose client and server talk over gRPC's in-process
   * transport instead of TCP loopback; its "vs raw gRPC" ratio is against {@link #RAW_GRPC} with
   * the same suffix.
   */
  public static final String IN_PROCESS = " in-process";

  /**
   * Appended to the name of a framework scenario whose servant runs on the transport thread
   * ({@code remoting.servants."bench.Adder".executor = direct}) instead of the call pool.
   */
  public static final String DIRECT = ", direct executor";

  /** Appended to the name of a raw grpc-java scenario whose calls carry a 30 s deadline. */
  public static final String WITH_DEADLINE = ", 30 s deadline";

  static final String LOOPBACK = "127.0.0.1";

  /**
   * A client of a server of this JVM over TCP on loopback. A client would otherwise reach a
   * same-JVM server in-process ({@code remoting.client.prefer-in-process}); the loopback
   * scenarios measure the network path, and {@code inproc} the in-process one.
   */
  static RemotingClient loopbackClient(int port) {
    return loopbackClientBuilder(port).build();
  }

  static RemotingClient.Builder loopbackClientBuilder(int port) {
    return RemotingClient.builder()
        .target(LOOPBACK + ":" + port)
        .config(ConfigFactory.parseString("remoting.client.prefer-in-process = false"));
  }

  /** The size of the echo calls' payload, here and in the micro-benchmarks: 1 KiB. */
  public static final int PAYLOAD_BYTES = 1024;

  private Scenarios() {}

  /**
   * Every scenario, in table order: raw gRPC, RMI, the framework with each lifecycle, its
   * fire-and-forget and sync-with-server calls, the same-JVM pair (raw gRPC and the framework over
   * the in-process transport), then the 1 KiB payload pair.
   *
   * @param poolMax the pool size for the pooled lifecycle; at least the highest concurrency, so
   *     that calls never wait for an instance
   */
  public static List<Scenario> all(int poolMax) {
    List<Scenario> all = new ArrayList<>();
    all.add(rawGrpc(Workload.ADD));
    all.add(rmi());
    for (Lifecycle lifecycle :
        List.of(Lifecycle.STATIC, Lifecycle.LAZY, Lifecycle.PER_REQUEST, Lifecycle.POOLED)) {
      all.add(framework(lifecycle, Workload.ADD, poolMax));
    }
    all.add(framework(Lifecycle.STATIC, Workload.ADD, poolMax, true));
    all.add(frameworkOneWay());
    all.add(frameworkSyncWithServer());
    all.add(rawGrpcInProcess());
    all.add(frameworkInProcess(false));
    all.add(frameworkInProcess(true));
    all.add(rawGrpc(Workload.ECHO_1K));
    all.add(framework(Lifecycle.STATIC, Workload.ECHO_1K, poolMax));
    return List.copyOf(all);
  }

  /** grpc-java with a hand-written method descriptor ({@link RawGrpcAdder}), Netty, plaintext. */
  static Scenario rawGrpc(Workload workload) {
    String id = workload == Workload.ADD ? "grpc" : "grpc-echo";
    return scenario(
        id,
        RAW_GRPC,
        workload,
        () -> {
          Server server =
              NettyServerBuilder.forAddress(new InetSocketAddress(LOOPBACK, 0))
                  .addService(RawGrpcAdder.service())
                  .build()
                  .start();
          // Built like the framework's client channel: forTarget, plaintext, nothing else.
          ManagedChannel channel =
              NettyChannelBuilder.forTarget(LOOPBACK + ":" + server.getPort()).usePlaintext().build();
          // No deadline: what a generated blocking stub does unless the user sets one. (The
          // framework sets its configured 30 s deadline on every call.)
          Scenario.Call add =
              sequence -> {
                int result =
                    ClientCalls.blockingUnaryCall(
                        channel,
                        RawGrpcAdder.ADD,
                        CallOptions.DEFAULT,
                        new RawGrpcAdder.AddRequest(sequence, 1));
                checkSum(sequence, result);
              };
          return new SimpleSession(
              workload == Workload.ADD
                  ? () -> add
                  : () -> {
                    byte[] payload = new byte[PAYLOAD_BYTES];
                    return sequence -> {
                      payload[0] = (byte) sequence;
                      byte[] result =
                          ClientCalls.blockingUnaryCall(
                              channel, RawGrpcAdder.ECHO, CallOptions.DEFAULT, payload);
                      checkEcho(sequence, result);
                    };
                  },
              () -> {
                channel.shutdownNow();
                server.shutdownNow();
                channel.awaitTermination(5, TimeUnit.SECONDS);
                server.awaitTermination(5, TimeUnit.SECONDS);
              },
              null);
        });
  }

  /**
   * Java RMI: the servant exported with {@code UnicastRemoteObject.exportObject(servant, 0)},
   * called through its stub (JRMP over TCP, even within one JVM; one connection per concurrent
   * call). Sets {@code java.rmi.server.hostname=127.0.0.1} unless already set, so that the stub
   * connects over loopback.
   */
  static Scenario rmi() {
    return scenario(
        "rmi",
        RMI,
        Workload.ADD,
        () -> {
          if (System.getProperty("java.rmi.server.hostname") == null) {
            System.setProperty("java.rmi.server.hostname", LOOPBACK);
          }
          RmiAdderServant servant = new RmiAdderServant();
          RmiAdder stub = (RmiAdder) UnicastRemoteObject.exportObject(servant, 0);
          Scenario.Call add = sequence -> checkSum(sequence, stub.add(sequence, 1));
          return new SimpleSession(
              () -> add, () -> UnicastRemoteObject.unexportObject(servant, true), null);
        });
  }

  /**
   * The framework, through its public API: a {@link RemotingServer} on port 0 exporting {@link
   * AdderServant} with {@code lifecycle} set in the configuration, and one proxy from a {@link
   * RemotingClient} shared by all client threads.
   */
  static Scenario framework(Lifecycle lifecycle, Workload workload, int poolMax) {
    return framework(lifecycle, workload, poolMax, false);
  }

  /**
   * As {@link #framework(Lifecycle, Workload, int)}; with {@code direct}, the servant's calls run
   * on the transport thread ({@code executor = direct}) instead of the server's call pool.
   */
  static Scenario framework(Lifecycle lifecycle, Workload workload, int poolMax, boolean direct) {
    String config =
        "remoting.server.host = \"" + LOOPBACK + "\"\n" + adderPolicy(lifecycle, poolMax, direct);
    String id =
        lifecycle.configName()
            + (workload == Workload.ADD ? "" : "-echo")
            + (direct ? "-direct" : "");
    return scenario(
        id,
        "framework " + lifecycle.configName() + (direct ? DIRECT : ""),
        workload,
        () -> {
          AtomicLong instances = new AtomicLong();
          RemotingServer server =
              RemotingServer.builder()
                  .port(0)
                  .config(ConfigFactory.parseString(config))
                  .export(Adder.class, AdderServant.class, countingAdders(instances))
                  .build()
                  .start();
          RemotingClient client;
          try {
            client = loopbackClient(server.port());
          } catch (RuntimeException e) {
            server.shutdown();
            throw e;
          }
          Adder adder = client.lookup(Adder.class);
          Scenario.Call add = sequence -> checkSum(sequence, adder.add(sequence, 1));
          return new SimpleSession(
              workload == Workload.ADD
                  ? () -> add
                  : () -> {
                    byte[] payload = new byte[PAYLOAD_BYTES];
                    return sequence -> {
                      payload[0] = (byte) sequence;
                      checkEcho(sequence, adder.echo(payload));
                    };
                  },
              () -> {
                client.close();
                server.shutdown();
              },
              instances);
        });
  }

  /**
   * The framework's fire-and-forget calls ({@code Invocations.fireAndForget}) on its ordered
   * one-way stream, to a static servant that counts what it runs. Closing the session sends a
   * sync-with-server fence and fails if the server ran fewer calls than were sent: zero loss.
   */
  static Scenario frameworkOneWay() {
    return countedOneWay(
        "oneway",
        "framework fire-and-forget",
        Workload.ONE_WAY,
        (adder, sequence) -> Invocations.fireAndForget(adder, a -> a.add(sequence, 1)),
        "one-way calls");
  }

  /**
   * The framework's sync-with-server calls ({@code Invocations.syncWithServer}): each returns once
   * the server has accepted the call, on the ordered one-way stream; the servant counts what it
   * runs. Closing the session checks, behind a fence, that the server ran every call.
   */
  static Scenario frameworkSyncWithServer() {
    return countedOneWay(
        "ack",
        "framework sync-with-server",
        Workload.SYNC_WITH_SERVER,
        (adder, sequence) -> Invocations.syncWithServer(adder, a -> a.add(sequence, 1)),
        "acknowledged sync-with-server calls");
  }

  /**
   * Calls on the ordered one-way stream, made by {@code send}, to a static servant that counts
   * what it runs. Closing the session sends a sync-with-server fence and fails if the server ran
   * fewer calls than were sent.
   */
  private static Scenario countedOneWay(
      String id,
      String name,
      Workload workload,
      java.util.function.ObjIntConsumer<Adder> send,
      String what) {
    return scenario(
        id,
        name,
        workload,
        () -> {
          CountingAdder counter = new CountingAdder();
          RemotingServer server =
              RemotingServer.builder()
                  .port(0)
                  .config(ConfigFactory.parseString("remoting.server.host = \"" + LOOPBACK + "\""))
                  .export(Adder.class, CountingAdder.class, () -> counter)
                  .build()
                  .start();
          RemotingClient client = loopbackClient(server.port());
          Adder adder = client.lookup(Adder.class);
          AtomicLong sent = new AtomicLong();
          Scenario.Call call =
              sequence -> {
                send.accept(adder, sequence);
                sent.incrementAndGet();
              };
          return new SimpleSession(
              () -> call,
              () -> {
                try {
                  // The fence: acknowledged once every call sent before it has run (the fence's
                  // own call runs after its acknowledgement, so it may or may not be counted).
                  Invocations.syncWithServer(adder, a -> a.add(0, 0));
                  long ran = counter.calls();
                  if (ran < sent.get()) {
                    throw new IllegalStateException(
                        "the server ran " + ran + " of " + sent.get() + " " + what);
                  }
                } finally {
                  client.close();
                  server.shutdown();
                }
              },
              new AtomicLong(1));
        });
  }

  /**
   * grpc-java over its in-process transport, client and server in this JVM: the same service
   * and call as {@link #rawGrpc}, with the in-process builders' default executors on both sides,
   * as the framework uses them (no {@code directExecutor}).
   */
  static Scenario rawGrpcInProcess() {
    return rawGrpcInProcess(false);
  }

  /**
   * As {@link #rawGrpcInProcess()}; with {@code deadline}, every call carries a 30 s deadline, as
   * the framework's calls do by default ({@code remoting.client.deadline}), on gRPC's default
   * timer. For the allocation probe: what of the framework's allocation is the deadline's.
   */
  static Scenario rawGrpcInProcess(boolean deadline) {
    return scenario(
        deadline ? "grpc-inproc-deadline" : "grpc-inproc",
        RAW_GRPC + (deadline ? WITH_DEADLINE : "") + IN_PROCESS,
        Workload.ADD,
        () -> {
          String name = "bench-raw-" + UUID.randomUUID();
          Server server =
              InProcessServerBuilder.forName(name)
                  .addService(RawGrpcAdder.service())
                  .build()
                  .start();
          ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
          Scenario.Call add =
              sequence ->
                  checkSum(
                      sequence,
                      ClientCalls.blockingUnaryCall(
                          channel,
                          RawGrpcAdder.ADD,
                          deadline
                              ? CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS)
                              : CallOptions.DEFAULT,
                          new RawGrpcAdder.AddRequest(sequence, 1)));
          return new SimpleSession(
              () -> add,
              () -> {
                channel.shutdownNow();
                server.shutdownNow();
                channel.awaitTermination(5, TimeUnit.SECONDS);
                server.awaitTermination(5, TimeUnit.SECONDS);
              },
              null);
        });
  }

  /**
   * The framework in one JVM without a network: a server built with {@code inProcess(name)} and
   * a client connected to {@code in-process:name}, static lifecycle. Compared with {@link
   * #rawGrpcInProcess} and with the static row over TCP loopback.
   */
  static Scenario frameworkInProcess(boolean direct) {
    return scenario(
        direct ? "inproc-direct" : "inproc",
        "framework static" + (direct ? DIRECT : "") + IN_PROCESS,
        Workload.ADD,
        () -> {
          String name = "bench-framework-" + UUID.randomUUID();
          AtomicLong instances = new AtomicLong();
          RemotingServer server =
              RemotingServer.builder()
                  .inProcess(name)
                  .config(ConfigFactory.parseString(adderPolicy(Lifecycle.STATIC, 1, direct)))
                  .export(Adder.class, AdderServant.class, countingAdders(instances))
                  .build()
                  .start();
          RemotingClient client = RemotingClient.connect("in-process:" + name);
          Adder adder = client.lookup(Adder.class);
          Scenario.Call add = sequence -> checkSum(sequence, adder.add(sequence, 1));
          return new SimpleSession(
              () -> add,
              () -> {
                client.close();
                server.shutdown();
              },
              instances);
        });
  }

  /** The servant policy of {@code bench.Adder}, as a line of configuration. */
  private static String adderPolicy(Lifecycle lifecycle, int poolMax, boolean direct) {
    return "remoting.servants.\"bench.Adder\" { lifecycle = "
        + lifecycle.configName()
        + (lifecycle == Lifecycle.POOLED ? ", pool { min = 1, max = " + poolMax + " }" : "")
        + (direct ? ", executor = direct" : "")
        + " }\n";
  }

  /** New {@link AdderServant}s, each counted in {@code instances}. */
  private static java.util.function.Supplier<AdderServant> countingAdders(AtomicLong instances) {
    return () -> {
      instances.incrementAndGet();
      return new AdderServant();
    };
  }

  private static void checkSum(int sequence, int result) {
    if (result != sequence + 1) {
      throw new IllegalStateException("add(" + sequence + ", 1) returned " + result);
    }
  }

  private static void checkEcho(int sequence, byte[] result) {
    if (result.length != PAYLOAD_BYTES || result[0] != (byte) sequence) {
      throw new IllegalStateException(
          "echo returned " + result.length + " bytes, expected " + PAYLOAD_BYTES + " unchanged");
    }
  }

  private interface Starter {
    Scenario.Session start() throws Exception;
  }

  private interface Closer {
    void close() throws Exception;
  }

  private static Scenario scenario(String id, String name, Workload workload, Starter starter) {
    return new Scenario() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public String name() {
        return name;
      }

      @Override
      public Workload workload() {
        return workload;
      }

      @Override
      public Session start() throws Exception {
        Session session = starter.start();
        try {
          // One call before any timing: connects, and loads the classes of the call path.
          session.newCall().invoke(0);
        } catch (Exception | Error e) {
          try {
            session.close();
          } catch (RuntimeException suppressed) {
            e.addSuppressed(suppressed);
          }
          throw e;
        }
        return session;
      }

      @Override
      public String toString() {
        return name + " " + workload.label();
      }
    };
  }

  private record SimpleSession(
      java.util.function.Supplier<Scenario.Call> calls, Closer closer, AtomicLong instances)
      implements Scenario.Session {
    @Override
    public Scenario.Call newCall() {
      return calls.get();
    }

    @Override
    public long servantInstances() {
      return instances == null ? -1 : instances.get();
    }

    @Override
    public void close() {
      try {
        closer.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("could not stop the scenario: " + e, e);
      }
    }
  }
}
