package org.remoting.runtime.internal.server;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.remoting.runtime.internal.DaemonThreads;
import org.remoting.runtime.internal.wire.Failures;
import org.remoting.runtime.internal.wire.Failures.Failure;
import org.remoting.runtime.internal.wire.Failures.Kind;
import org.remoting.runtime.internal.wire.OneWayAck;
import org.remoting.runtime.internal.wire.OneWayEnvelope;
import org.remoting.runtime.internal.wire.OneWayProtocol;
import org.remoting.runtime.internal.wire.RequestMarshaller.MalformedRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server end of the ordered one-way stream ({@link OneWayProtocol}). The calls of a stream
 * are sorted into lanes, one per target object (service and object id); each lane runs its calls
 * one after another, in arrival order, so calls to one object keep their order while a slow
 * object does not hold up the others. Acknowledged calls are answered once accepted. At most
 * {@value #MAX_QUEUED} calls of a stream wait at once; beyond that the stream stops reading and
 * HTTP/2 flow control holds the client back.
 */
public final class OneWayDelivery implements ServerCallHandler<Object, OneWayAck> {
  private static final Logger log = LoggerFactory.getLogger(OneWayDelivery.class);
  static final int MAX_QUEUED = 1024;

  private final Map<String, MethodInvoker> invokers = new HashMap<>();
  private final Set<Stream> open = ConcurrentHashMap.newKeySet();
  private final OneWayProtocol protocol;
  private final ExecutorService lanes;
  private volatile boolean shuttingDown;

  public OneWayDelivery(OneWayProtocol protocol, Collection<ExportedService> services) {
    this.protocol = protocol;
    for (ExportedService service : services) {
      invokers.putAll(service.invokers());
    }
    this.lanes = Executors.newCachedThreadPool(DaemonThreads.named("remoting-oneway"));
  }

  /** The gRPC service to add to the server. */
  public ServerServiceDefinition definition() {
    return ServerServiceDefinition.builder(OneWayProtocol.SERVICE)
        .addMethod(protocol.serverMethod(), this)
        .build();
  }

  /**
   * Ends every open stream and refuses new ones (server shutdown). Calls a stream has received
   * but not run are dropped: fire-and-forget is best effort.
   */
  public void closeAll() {
    shuttingDown = true;
    for (Stream stream : open) {
      stream.close(Status.UNAVAILABLE.withDescription("server is shutting down"));
    }
  }

  /**
   * Stops the lanes: calls still queued are dropped (fire-and-forget is best effort), calls
   * running are waited for, at most {@code grace}.
   */
  public void shutdownLanes(java.time.Duration grace) {
    shuttingDown = true;
    lanes.shutdown();
    try {
      if (!lanes.awaitTermination(grace.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS)) {
        log.warn("one-way calls still running after {}", grace);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public ServerCall.Listener<Object> startCall(
      ServerCall<Object, OneWayAck> call, Metadata headers) {
    Stream stream = new Stream(call, Caller.of(call));
    synchronized (stream) {
      open.add(stream);
      call.sendHeaders(new Metadata());
      call.request(1);
    }
    if (shuttingDown) { // closeAll may have run before the add
      stream.close(Status.UNAVAILABLE.withDescription("server is shutting down"));
    }
    return stream;
  }

  private final class Stream extends ServerCall.Listener<Object> {
    private final ServerCall<Object, OneWayAck> call;
    private final Caller caller;
    private final Map<String, Lane> byTarget = new HashMap<>(); // guarded by this
    private final AtomicInteger queued = new AtomicInteger();
    private boolean closed; // guarded by this
    private boolean cancelled; // by the client or a broken connection, guarded by this
    private boolean readPaused; // guarded by this
    private boolean halfClosed; // guarded by this

    Stream(ServerCall<Object, OneWayAck> call, Caller caller) {
      this.call = call;
      this.caller = caller;
    }

    @Override
    public void onMessage(Object message) {
      if (message instanceof MalformedRequest) {
        // The client is broken or hostile: end the stream; calls received before still run.
        close(
            Failures.of(
                Kind.INVALID_REQUEST,
                "malformed one-way envelope: " + ((MalformedRequest) message).reason()));
        return;
      }
      OneWayEnvelope envelope = (OneWayEnvelope) message;
      int waiting = queued.incrementAndGet();
      String service = envelope.method() == null ? "" : envelope.method().split("/", 2)[0];
      String target = service + '\0' + (envelope.objectId() == null ? "" : envelope.objectId());
      synchronized (this) {
        Lane lane = byTarget.computeIfAbsent(target, Lane::new);
        lane.tasks.add(envelope);
        if (!lane.running && !shuttingDown) {
          lane.running = true;
          try {
            lanes.execute(lane);
          } catch (java.util.concurrent.RejectedExecutionException stopped) {
            lane.running = false; // the server is stopping: the call is dropped
          }
        }
        if (closed) {
          return;
        }
        if (waiting < MAX_QUEUED) {
          call.request(1);
        } else {
          readPaused = true;
        }
      }
    }

    private void run(OneWayEnvelope envelope) {
      MethodInvoker invoker = invokers.get(envelope.method());
      Failure failure =
          invoker == null
              ? Failures.of(Kind.INVALID_REQUEST, "unknown method " + envelope.method())
              : invoker.deliver(
                  caller,
                  envelope.objectId(),
                  envelope.request() == null ? new byte[0] : envelope.request(),
                  envelope.timeoutMillis(),
                  envelope.acknowledge(),
                  envelope.acknowledge()
                      ? () -> ack(OneWayProtocol.accepted(envelope.sequence()))
                      : () -> { });
      if (failure != null) {
        if (envelope.acknowledge()) {
          ack(OneWayProtocol.rejected(envelope.sequence(), failure));
        } else {
          log.debug("one-way call {} failed: {}", envelope.method(), failure.status());
        }
      }
    }

    /** One call of the stream has run: read more if reading was paused; end if half-closed. */
    private synchronized void ran() {
      int waiting = queued.decrementAndGet();
      if (closed) {
        return;
      }
      if (readPaused && waiting < MAX_QUEUED) {
        readPaused = false;
        call.request(1);
      }
      if (halfClosed && waiting == 0) {
        close(Status.OK);
      }
    }

    private synchronized void ack(OneWayAck ack) {
      if (!closed) {
        call.sendMessage(ack);
      }
    }

    @Override
    public synchronized void onHalfClose() {
      halfClosed = true;
      if (queued.get() == 0) {
        close(Status.OK);
      }
    }

    /**
     * The stream broke (the client cancelled it, or the connection was lost): the calls not yet
     * started are dropped, as the client has failed their acknowledgements, and must not run
     * beside the calls the client sends on its next stream. A call already running finishes.
     */
    @Override
    public void onCancel() {
      synchronized (this) {
        closed = true;
        cancelled = true;
      }
      open.remove(this);
    }

    synchronized void close(Status status) {
      close(new Failure(status, new Metadata(), null));
    }

    synchronized void close(Failure outcome) {
      if (closed) {
        return;
      }
      closed = true;
      open.remove(this);
      try {
        call.close(outcome.status(), outcome.trailers());
      } catch (IllegalStateException alreadyClosed) {
        log.debug("one-way stream already closed");
      }
    }

    /** The calls to one target object, run one at a time in arrival order. */
    private final class Lane implements Runnable {
      private final String target;
      private final ArrayDeque<OneWayEnvelope> tasks = new ArrayDeque<>(); // guarded by Stream
      private boolean running; // guarded by Stream

      Lane(String target) {
        this.target = target;
      }

      @Override
      public void run() {
        while (true) {
          OneWayEnvelope next;
          synchronized (Stream.this) {
            next = shuttingDown || cancelled ? null : tasks.poll();
            if (next == null) {
              for (int dropped = tasks.size(); dropped > 0; dropped--) {
                queued.decrementAndGet();
              }
              tasks.clear();
              running = false;
              byTarget.remove(target);
              return;
            }
          }
          try {
            Stream.this.run(next);
          } catch (RuntimeException | Error e) {
            log.warn("one-way call {} failed unexpectedly", next.method(), e);
          } finally {
            ran();
          }
        }
      }
    }
  }
}
