package org.remoting.runtime.internal.metrics;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.remoting.runtime.internal.wire.Failures;

/**
 * The client's {@value #CALLS} timers: every unary call through a channel, from its start to its
 * close, per method and outcome ({@link Failures#outcome}). Streams (the ordered one-way stream)
 * are not timed. {@link #NONE} leaves channels as they are. Timers stay in the registry: clients
 * of one registry share them. Thread-safe.
 */
public final class ClientMetrics {
  /** Timer: every unary call a client makes. Tags: service, method, outcome. */
  public static final String CALLS = "remoting.client.calls";

  /** Records nothing. */
  public static final ClientMetrics NONE = new ClientMetrics(null);

  private final MeterRegistry registry; // null for NONE
  private final Clock clock;
  private final Map<String, MethodTimers> byMethod = new ConcurrentHashMap<>();

  private ClientMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.clock = registry == null ? null : registry.config().clock();
  }

  /** The metrics of a client that records to {@code registry}; {@link #NONE} for null. */
  public static ClientMetrics of(MeterRegistry registry) {
    return registry == null ? NONE : new ClientMetrics(registry);
  }

  /** {@code channel}, with its unary calls timed. */
  public Channel intercept(Channel channel) {
    return registry == null ? channel : ClientInterceptors.intercept(channel, new Timing());
  }

  /** The timers of one method, by outcome; the successful calls' timer cached apart. */
  private final class MethodTimers {
    private final Tags tags;
    private final Map<String, Timer> byOutcome = new ConcurrentHashMap<>();
    private final Timer ok;

    MethodTimers(MethodDescriptor<?, ?> method) {
      this.tags =
          Tags.of(
              "service", String.valueOf(method.getServiceName()),
              "method", String.valueOf(method.getBareMethodName()));
      this.ok = timer("OK");
    }

    Timer timer(String outcome) {
      return byOutcome.computeIfAbsent(
          outcome,
          o ->
              Timer.builder(CALLS)
                  .tags(tags.and("outcome", o))
                  .description("calls of a remote method, from start to close, as a client sees them")
                  .register(registry));
    }
  }

  private final class Timing implements ClientInterceptor {
    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
        MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
      ClientCall<ReqT, RespT> call = next.newCall(method, options);
      if (method.getType() != MethodDescriptor.MethodType.UNARY) {
        return call;
      }
      MethodTimers timers =
          byMethod.computeIfAbsent(method.getFullMethodName(), name -> new MethodTimers(method));
      return new SimpleForwardingClientCall<>(call) {
        @Override
        public void start(Listener<RespT> listener, Metadata headers) {
          long start = clock.monotonicTime();
          super.start(
              new SimpleForwardingClientCallListener<>(listener) {
                @Override
                public void onClose(Status status, Metadata trailers) {
                  Timer timer =
                      status.isOk() ? timers.ok : timers.timer(Failures.outcome(status, trailers));
                  timer.record(clock.monotonicTime() - start, TimeUnit.NANOSECONDS);
                  super.onClose(status, trailers);
                }
              },
              headers);
        }
      };
    }
  }
}
