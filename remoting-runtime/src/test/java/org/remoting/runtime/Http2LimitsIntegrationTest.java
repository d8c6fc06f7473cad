package org.remoting.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.remoting.InvalidConfigurationException;

/**
 * The HTTP/2 abuse limits of {@code remoting.server}, observed over Netty loopback: a client that
 * resets streams too fast or pings too often loses its connection (GOAWAY ENHANCE_YOUR_CALM), the
 * configuration decides how fast is too fast, and oversize metadata is refused, while a normal
 * client keeps working. The abusive clients are {@link RawHttp2Client}s, since grpc-java's own
 * client will not misbehave that way (it pings at most every 10 s).
 */
class Http2LimitsIntegrationTest {
  @RegisterExtension final RemotingCleanup cleanup = new RemotingCleanup();

  private final Logger grpcLogger = Logger.getLogger("io.grpc");
  private Level grpcLevel;

  @BeforeEach
  void quietGrpc() {
    grpcLevel = grpcLogger.getLevel();
    grpcLogger.setLevel(Level.SEVERE); // the abuse is expected; grpc-java warns about it
  }

  @AfterEach
  void restoreGrpc() {
    grpcLogger.setLevel(grpcLevel);
  }

  private RemotingCleanup.Started startBank(Transport transport, String server) throws Exception {
    return cleanup.start(
        transport,
        b ->
            b.config(ConfigFactory.parseString("remoting.server {" + server + "}"))
                .export(Bank.class, BankServant.class));
  }

  @Test
  void rapidResetClosesTheConnectionAndANormalClientKeepsWorking() throws Exception {
    RemotingCleanup.Started started =
        startBank(Transport.NETTY, "max-rst-frames-per-window = 20, rst-frames-window = 10s");
    Bank bank = cleanup.client(started).lookup(Bank.class);
    assertEquals(100, bank.balance());
    try (RawHttp2Client abuser = new RawHttp2Client(started.server().port())) {
      try {
        for (int i = 0; i < 50; i++) {
          abuser.reset(abuser.startCall("test.Bank/balance", Map.of()));
        }
      } catch (java.net.SocketException closedAlready) {
        // the server may close the connection before the abuser has written all its frames
      }
      RawHttp2Client.End end = abuser.awaitEnd(0, 10_000);
      assertTrue(end != null && end.goAway(), "GOAWAY expected, got " + end);
      assertEquals(RawHttp2Client.ENHANCE_YOUR_CALM, end.goAwayCode(), end.toString());
      assertTrue(end.goAwayDebug().contains("too_many_rststreams"), end.toString());
    }
    assertEquals(100, bank.balance(), "the normal client is unaffected");
  }

  @Test
  void resetsBelowTheLimitOrWithTheLimitOffKeepTheConnection() throws Exception {
    for (String limit : new String[] {"max-rst-frames-per-window = 60", "max-rst-frames-per-window = 0"}) {
      RemotingCleanup.Started started = startBank(Transport.NETTY, limit);
      try (RawHttp2Client client = new RawHttp2Client(started.server().port())) {
        for (int i = 0; i < 50; i++) {
          client.reset(client.startCall("test.Bank/balance", Map.of()));
        }
        int stream = client.startCall("test.Bank/balance", Map.of());
        client.sendMessage(stream, new byte[0]);
        RawHttp2Client.End end = client.awaitEnd(stream, 10_000);
        assertEquals("0", end.grpcStatus(), limit + ": " + end);
      }
    }
  }

  @Test
  void tooFrequentPingsCloseTheConnectionAndANormalClientKeepsWorking() throws Exception {
    RemotingCleanup.Started started = startBank(Transport.NETTY, ""); // gRPC's defaults
    Bank bank = cleanup.client(started).lookup(Bank.class);
    try (RawHttp2Client pinger = new RawHttp2Client(started.server().port())) {
      for (int i = 0; i < 5; i++) {
        try {
          pinger.ping(i);
        } catch (java.net.SocketException closedAlready) {
          break; // the server may close the connection before the last ping is written
        }
      }
      RawHttp2Client.End end = pinger.awaitEnd(0, 10_000);
      assertTrue(end != null && end.goAway(), "GOAWAY expected, got " + end);
      assertEquals(RawHttp2Client.ENHANCE_YOUR_CALM, end.goAwayCode(), end.toString());
      assertEquals("too_many_pings", end.goAwayDebug());
    }
    assertEquals(100, bank.balance(), "the normal client is unaffected");
  }

  @Test
  void pingsThatTheConfigurationPermitsKeepTheConnection() throws Exception {
    RemotingCleanup.Started started =
        startBank(
            Transport.NETTY, "permit-keepalive-time = 0s, permit-keepalive-without-calls = true");
    try (RawHttp2Client pinger = new RawHttp2Client(started.server().port())) {
      for (int i = 0; i < 5; i++) {
        pinger.ping(i);
      }
      assertNull(pinger.awaitEnd(0, 500), "no GOAWAY");
      int stream = pinger.startCall("test.Bank/balance", Map.of());
      pinger.sendMessage(stream, new byte[0]);
      assertEquals("0", pinger.awaitEnd(stream, 10_000).grpcStatus());
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void oversizeMetadataIsRefusedAndTheNextCallWorks(Transport transport) throws Exception {
    RemotingCleanup.Started started = startBank(transport, "max-inbound-metadata-size = 2KiB");
    ManagedChannel channel = cleanup.rawChannel(started);
    StatusRuntimeException refused =
        assertThrows(StatusRuntimeException.class, () -> balance(channel, "x".repeat(3_000)));
    // The network transport answers HTTP 431, which grpc-java's client reports as INTERNAL;
    // the in-process transport checks the size itself.
    assertEquals(
        transport == Transport.NETTY ? Status.Code.INTERNAL : Status.Code.RESOURCE_EXHAUSTED,
        refused.getStatus().getCode(),
        refused.toString());
    assertArrayEquals(new byte[] {0x08, 100}, balance(channel, "x".repeat(1_000)), "balance 100");
  }

  @Test
  void badHttp2LimitsFailTheBuildNamingTheKey() {
    InvalidConfigurationException e =
        assertThrows(
            InvalidConfigurationException.class,
            () ->
                RemotingServer.builder()
                    .config(ConfigFactory.parseString("remoting.server.rst-frames-window = 500ms"))
                    .export(Bank.class, BankServant.class)
                    .build());
    assertTrue(e.getMessage().contains("remoting.server.rst-frames-window"), e.getMessage());
    assertTrue(e.getMessage().contains("whole number of seconds"), e.getMessage());
  }

  /** A raw call of test.Bank/balance carrying an {@code x-padding} header of {@code padding}. */
  private static byte[] balance(Channel channel, String padding) {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("x-padding", Metadata.ASCII_STRING_MARSHALLER), padding);
    Channel padded =
        ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    return ClientCalls.blockingUnaryCall(
        padded,
        RawBytes.unary("test.Bank/balance"),
        CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
        new byte[0]);
  }
}
