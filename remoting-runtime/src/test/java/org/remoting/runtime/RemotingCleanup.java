package org.remoting.runtime;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts servers and clients for a test and closes them after it, in reverse order, like
 * grpc-java's {@code GrpcCleanupRule}. Register with {@code @RegisterExtension}.
 */
final class RemotingCleanup implements AfterEachCallback {
  private static final AtomicInteger names = new AtomicInteger();
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();

  /** Closes {@code resource} after the test. */
  synchronized <T extends AutoCloseable> T register(T resource) {
    resources.push(resource);
    return resource;
  }

  /** Builds and starts a server on {@code transport}: in-process, or Netty on 127.0.0.1:0. */
  Started start(Transport transport, Consumer<RemotingServer.Builder> setup) throws Exception {
    RemotingServer.Builder builder = RemotingServer.builder();
    String target;
    if (transport == Transport.IN_PROCESS) {
      String name = "test-" + names.incrementAndGet();
      builder.inProcess(name);
      target = "in-process:" + name;
    } else {
      builder.port(0);
      target = null;
    }
    setup.accept(builder);
    RemotingServer server = register(builder.build().start());
    if (target == null) {
      target = "127.0.0.1:" + server.port();
    }
    return new Started(server, target);
  }

  /** A raw gRPC channel to {@code started}'s server, for tests that speak gRPC directly. */
  io.grpc.ManagedChannel rawChannel(Started started) {
    String target = started.target();
    io.grpc.ManagedChannel channel =
        target.startsWith("in-process:")
            ? io.grpc.inprocess.InProcessChannelBuilder
                .forName(target.substring("in-process:".length()))
                .build()
            : io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder.forTarget(target)
                .usePlaintext()
                .build();
    register(channel::shutdownNow);
    return channel;
  }

  /** A client of {@code started}'s server. */
  RemotingClient client(Started started) {
    return register(RemotingClient.connect(started.target()));
  }

  @Override
  public synchronized void afterEach(ExtensionContext context) throws Exception {
    Exception first = null;
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** A started server and the target a client connects to. */
  record Started(RemotingServer server, String target) {}
}
