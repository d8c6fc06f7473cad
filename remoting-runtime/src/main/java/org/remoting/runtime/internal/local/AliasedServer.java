package org.remoting.runtime.internal.local;

import io.grpc.Server;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network server together with its in-process alias, serving the same services, as one gRPC
 * {@link Server}: the alias starts with the network server and is announced in {@link
 * LocalServers} under its port, and both shut down together. Thread-safe.
 */
public final class AliasedServer extends Server {
  private final Server network;
  private final Server alias;
  private final String aliasName;
  private volatile int registeredPort = -1;

  /**
   * @param network the server listening on a TCP port
   * @param alias an in-process server with the same services
   * @param aliasName the alias's in-process name
   */
  public AliasedServer(Server network, Server alias, String aliasName) {
    this.network = network;
    this.alias = alias;
    this.aliasName = aliasName;
  }

  @Override
  public Server start() throws IOException {
    network.start();
    try {
      alias.start();
    } catch (IOException | RuntimeException e) {
      network.shutdownNow();
      throw e;
    }
    registeredPort = network.getPort();
    LocalServers.register(registeredPort, aliasName);
    return this;
  }

  @Override
  public int getPort() {
    return network.getPort();
  }

  @Override
  public List<? extends SocketAddress> getListenSockets() {
    return network.getListenSockets();
  }

  @Override
  public Server shutdown() {
    unregister();
    alias.shutdown();
    network.shutdown();
    return this;
  }

  @Override
  public Server shutdownNow() {
    unregister();
    alias.shutdownNow();
    network.shutdownNow();
    return this;
  }

  private void unregister() {
    if (registeredPort >= 0) {
      LocalServers.unregister(registeredPort, aliasName);
    }
  }

  @Override
  public boolean isShutdown() {
    return network.isShutdown() && alias.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return network.isTerminated() && alias.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    return network.awaitTermination(timeout, unit)
        && alias.awaitTermination(
            Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  @Override
  public void awaitTermination() throws InterruptedException {
    network.awaitTermination();
    alias.awaitTermination();
  }
}
