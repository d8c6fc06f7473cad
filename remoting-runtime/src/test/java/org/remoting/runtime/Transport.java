package org.remoting.runtime;

/** The transports every integration test runs over. */
enum Transport {
  /** gRPC's in-process transport: fast, same JVM. */
  IN_PROCESS,
  /** Netty over TCP on loopback, ephemeral port: the real thing. */
  NETTY
}
