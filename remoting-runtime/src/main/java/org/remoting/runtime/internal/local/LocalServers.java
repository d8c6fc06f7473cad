package org.remoting.runtime.internal.local;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The network servers running in this JVM, by port, each with the name of its in-process alias,
 * so that a client in the same JVM that targets {@code host:port} of one of them is connected over
 * gRPC's in-process transport instead of loopback TCP. Thread-safe.
 */
public final class LocalServers {
  private static final Map<Integer, String> ALIASES = new ConcurrentHashMap<>();

  private LocalServers() {}

  static void register(int port, String inProcessName) {
    ALIASES.put(port, inProcessName);
  }

  static void unregister(int port, String inProcessName) {
    ALIASES.remove(port, inProcessName);
  }

  /**
   * The in-process name serving {@code host:port}, if a server of this JVM listens on that port
   * and {@code host} is this machine; else null. Resolves {@code host} only when such a server
   * exists.
   */
  public static String aliasOf(String host, int port) {
    String name = ALIASES.get(port);
    if (name == null || !isThisMachine(host)) {
      return null;
    }
    return name;
  }

  private static boolean isThisMachine(String host) {
    String bare = host.startsWith("[") && host.endsWith("]")
        ? host.substring(1, host.length() - 1) : host;
    if (bare.equals("localhost")) {
      return true;
    }
    try {
      InetAddress address = InetAddress.getByName(bare);
      return address.isLoopbackAddress()
          || address.isAnyLocalAddress()
          || NetworkInterface.getByInetAddress(address) != null;
    } catch (UnknownHostException | SocketException e) {
      return false;
    }
  }
}
