package org.remoting.runtime.internal.server;

import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.util.concurrent.TimeUnit;
import org.remoting.runtime.internal.config.ServerSettings;

/**
 * The HTTP/2 abuse limits of {@code remoting.server} (rapid reset, keepalive pings, connection
 * idle and age), applied to grpc-java's Netty server transport.
 */
public final class Http2Limits {
  private Http2Limits() {}

  /** Applies the limits of {@code settings} to {@code transport}; returns it. */
  public static NettyServerBuilder apply(NettyServerBuilder transport, ServerSettings settings) {
    if (settings.maxRstFramesPerWindow() > 0) {
      transport.maxRstFramesPerWindow(
          settings.maxRstFramesPerWindow(), (int) settings.rstFramesWindow().getSeconds());
    }
    transport.permitKeepAliveTime(settings.permitKeepAliveTime().toNanos(), TimeUnit.NANOSECONDS);
    transport.permitKeepAliveWithoutCalls(settings.permitKeepAliveWithoutCalls());
    if (!settings.maxConnectionIdle().isZero()) {
      transport.maxConnectionIdle(settings.maxConnectionIdle().toNanos(), TimeUnit.NANOSECONDS);
    }
    if (!settings.maxConnectionAge().isZero()) {
      transport.maxConnectionAge(settings.maxConnectionAge().toNanos(), TimeUnit.NANOSECONDS);
    }
    return transport;
  }
}
