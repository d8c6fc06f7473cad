package org.remoting.benchmarks;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.typesafe.config.ConfigFactory;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.remoting.benchmarks.CellResult.Metric;
import org.remoting.benchmarks.Scenario.Workload;
import org.remoting.lifecycle.lease.LeaseStats;
import org.remoting.runtime.Remoting;
import org.remoting.runtime.RemotingClient;
import org.remoting.runtime.RemotingServer;
import org.remoting.testing.FakeClock;

/**
 * Lease renewal traffic: one client holds {@code --leased-objects} leased {@link Cart}s on one
 * server (TCP loopback) and its runtime renews them. The client's renewal schedule runs on a
 * {@link FakeClock}, so each {@code advance} by the renewal interval (half the lease) runs the
 * renewals that real time would, at once and on the probe's thread; the server counts the renew
 * calls it gets ({@code RemotingServer.leaseStats}). Measured: renew calls per interval (the
 * target is at most one, whatever the object count), leases per call, the time of each interval's
 * renewal as the client sees it, and the size of the renew request.
 *
 * <p>The request is sized from the wire mapping ({@code remoting.Leases/renew}: field 1, the
 * groups, each {@code {string service = 1; repeated string object_ids = 2}}; field 2, the asked
 * duration, absent) for the ids the client holds, and the probe then sends exactly those bytes as
 * a raw gRPC call, which must renew every lease and report none missing: so the size is that of a
 * request the server reads as the client's.
 */
final class LeaseProbe implements Probe {
  static final String NAME = "framework leased";
  static final String LEASES_SERVICE = "remoting.Leases";
  static final String CART_SERVICE = "bench.Cart";
  static final Duration LEASE = Duration.ofSeconds(30);

  /** Carts per {@link Shop#newCarts} call: 10,000 references stay far below 4 MiB. */
  static final int BATCH = 10_000;

  /** At least this many measured intervals, even if they take longer than the window. */
  static final int MIN_INTERVALS = 3;

  @Override
  public String id() {
    return "lease";
  }

  @Override
  public String name() {
    return "lease renewal of many held objects";
  }

  @Override
  public List<CellResult> run(BenchmarkOptions options, Consumer<String> progress)
      throws Exception {
    int objects = options.leasedObjects();
    Duration interval = LEASE.dividedBy(2);
    FakeClock clock = new FakeClock();
    RemotingServer server =
        RemotingServer.builder()
            .port(0)
            .config(
                ConfigFactory.parseString(
                    "remoting.server.host = \"" + Scenarios.LOOPBACK + "\"\n"
                        + "remoting.servants.\"" + CART_SERVICE + "\".lease {"
                        + " duration = " + LEASE.toSeconds() + "s,"
                        // One client holds them all: raise the per-client bound (default 10000).
                        + " max-per-client = " + Math.max(10_000, objects) + " }"))
            .export(Shop.class, ShopServant.class)
            .build()
            .start();
    String target = Scenarios.LOOPBACK + ":" + server.port();
    RemotingClient client =
        Scenarios.loopbackClientBuilder(server.port()).ticker(clock).scheduler(clock).build();
    ManagedChannel raw = NettyChannelBuilder.forTarget(target).usePlaintext().build();
    try {
      progress.accept(String.format("lease: creating %,d leased objects", objects));
      Shop shop = client.lookup(Shop.class);
      List<Cart> carts = new ArrayList<>(objects);
      while (carts.size() < objects) {
        carts.addAll(shop.newCarts(Math.min(BATCH, objects - carts.size())));
      }
      PassivationProbes.check(
          client.leasedObjects() == objects,
          "the client holds " + client.leasedObjects() + " leased objects, not " + objects);

      progress.accept("lease: JIT warm-up " + options.jitWarmUp().toMillis() + " ms");
      long end = System.nanoTime() + options.jitWarmUp().toNanos();
      do {
        clock.advance(interval);
      } while (System.nanoTime() - end < 0);

      progress.accept("lease: measure " + options.measure().toMillis() + " ms");
      LeaseStats before = server.leaseStats(CART_SERVICE);
      Histogram renewals = ProbeSupport.histogram();
      long measured = 0;
      int intervals = 0;
      end = System.nanoTime() + options.measure().toNanos();
      do {
        long t0 = System.nanoTime();
        clock.advance(interval); // runs the client's due renewals, on this thread
        long t = System.nanoTime() - t0;
        ProbeSupport.record(renewals, t);
        measured += t;
        intervals++;
      } while (intervals < MIN_INTERVALS || System.nanoTime() - end < 0);
      LeaseStats after = server.leaseStats(CART_SERVICE);
      long calls = after.renewCalls() - before.renewCalls();
      long renewed = after.leasesRenewed() - before.leasesRenewed();
      PassivationProbes.check(after.active() == objects, after.active() + " leases live");

      String firstError = null;
      long errors = 0;
      if (calls != intervals || renewed != calls * (long) objects) {
        errors = Math.max(1, intervals - calls);
        firstError =
            String.format(
                "%d renew calls renewed %,d leases in %d intervals; expected one call of %,d"
                    + " leases per interval (see the client's warnings above)",
                calls,
                renewed,
                intervals,
                objects);
      }

      byte[] request = renewRequest(carts);
      double rawMillis = Double.NaN;
      try {
        long[] rawNanos = new long[3];
        for (int i = 0; i < rawNanos.length; i++) {
          long t0 = System.nanoTime();
          byte[] reply = renewRaw(raw, request);
          rawNanos[i] = System.nanoTime() - t0;
          checkRenewedAll(reply);
        }
        LeaseStats afterRaw = server.leaseStats(CART_SERVICE);
        PassivationProbes.check(
            afterRaw.leasesRenewed() - after.leasesRenewed() == (long) rawNanos.length * objects,
            "the hand-made renew request did not renew every lease");
        Arrays.sort(rawNanos);
        rawMillis = rawNanos[1] / 1e6;
      } catch (StatusRuntimeException e) {
        errors++;
        firstError =
            (firstError == null ? "" : firstError + "; ")
                + "the renew request sent by hand failed: " + e.getStatus();
      }
      PassivationProbes.check(carts.get(objects - 1).number() >= 0, "the last cart is gone");

      List<Metric> metrics =
          List.of(
              new Metric("leased objects held by the client", objects, "objects"),
              new Metric("renewal intervals (lease / 2) measured", intervals, "intervals"),
              new Metric("renew calls per interval", calls / (double) intervals, "calls"),
              new Metric(
                  "leases renewed per renew call",
                  calls == 0 ? 0 : renewed / (double) calls,
                  "leases"),
              new Metric("renew request message", request.length, "bytes"),
              new Metric(
                  "renew request message per object",
                  request.length / (double) objects,
                  "bytes"),
              new Metric(
                  "same request as a raw gRPC call, median of 3",
                  rawMillis,
                  "ms"));
      return List.of(
          new CellResult(
              NAME,
              Workload.LEASE_RENEWAL,
              1,
              calls,
              errors,
              measured,
              renewals,
              firstError,
              -1,
              metrics));
    } finally {
      raw.shutdownNow();
      client.close();
      server.close();
      raw.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** The bytes of a {@code remoting.Leases/renew} request for every cart, no duration asked. */
  static byte[] renewRequest(List<Cart> carts) {
    List<String> ids = new ArrayList<>(carts.size());
    for (Cart cart : carts) {
      ids.add(Remoting.objectId(cart));
    }
    int group = CodedOutputStream.computeStringSize(1, CART_SERVICE);
    for (String id : ids) {
      group += CodedOutputStream.computeStringSize(2, id);
    }
    int size = CodedOutputStream.computeTagSize(1) + CodedOutputStream.computeUInt32SizeNoTag(group)
        + group;
    byte[] bytes = new byte[size];
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      out.writeTag(1, 2); // field 1, length-delimited: one LeaseGroup
      out.writeUInt32NoTag(group);
      out.writeString(1, CART_SERVICE);
      for (String id : ids) {
        out.writeString(2, id);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.checkNoSpaceLeft();
    return bytes;
  }

  private static byte[] renewRaw(ManagedChannel channel, byte[] request) {
    return ClientCalls.blockingUnaryCall(channel, RENEW, CallOptions.DEFAULT, request);
  }

  /** A renew reply: field 1 (the shortest lease granted) present, field 2 (missing) absent. */
  private static void checkRenewedAll(byte[] reply) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(reply);
    boolean granted = false;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = tag >>> 3;
      PassivationProbes.check(field != 2, "the renew reply lists objects as missing");
      granted |= field == 1;
      in.skipField(tag);
    }
    PassivationProbes.check(granted, "the renew reply grants no lease");
  }

  private static final MethodDescriptor<byte[], byte[]> RENEW =
      MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName(LEASES_SERVICE, "renew"))
          .setRequestMarshaller(new RawBytes())
          .setResponseMarshaller(new RawBytes())
          .build();

  /** Message bytes as they are: no encoding. */
  private static final class RawBytes implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
