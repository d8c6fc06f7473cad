package org.remoting.runtime.internal.server;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.remoting.runtime.internal.wire.Failures;
import org.remoting.runtime.internal.wire.Failures.Failure;
import org.remoting.runtime.internal.wire.Failures.Kind;
import org.remoting.runtime.internal.wire.OneWayAck;
import org.remoting.runtime.internal.wire.OneWayEnvelope;
import org.remoting.runtime.internal.wire.OneWayProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server end of the ordered one-way stream ({@link OneWayProtocol}): runs the calls of each
 * stream one after another, in arrival order, on the thread gRPC delivers them on, and answers
 * acknowledged ones once accepted. Reads the next call only when the previous one has run, so a
 * fast sender is held back by HTTP/2 flow control rather than by server memory.
 */
public final class OneWayDelivery implements ServerCallHandler<OneWayEnvelope, OneWayAck> {
  private static final Logger log = LoggerFactory.getLogger(OneWayDelivery.class);

  private final Map<String, MethodInvoker> invokers = new HashMap<>();
  private final Set<Stream> open = ConcurrentHashMap.newKeySet();
  private final OneWayProtocol protocol;

  public OneWayDelivery(OneWayProtocol protocol, Collection<ExportedService> services) {
    this.protocol = protocol;
    for (ExportedService service : services) {
      invokers.putAll(service.invokers());
    }
  }

  /** The gRPC service to add to the server. */
  public ServerServiceDefinition definition() {
    return ServerServiceDefinition.builder(OneWayProtocol.SERVICE)
        .addMethod(protocol.method(), this)
        .build();
  }

  /** Ends every open stream (server shutdown); clients reconnect or fail their pending acks. */
  public void closeAll() {
    for (Stream stream : open) {
      stream.close(Status.UNAVAILABLE.withDescription("server is shutting down"));
    }
  }

  @Override
  public ServerCall.Listener<OneWayEnvelope> startCall(
      ServerCall<OneWayEnvelope, OneWayAck> call, Metadata headers) {
    Stream stream = new Stream(call);
    open.add(stream);
    call.sendHeaders(new Metadata());
    call.request(1);
    return stream;
  }

  private final class Stream extends ServerCall.Listener<OneWayEnvelope> {
    private final ServerCall<OneWayEnvelope, OneWayAck> call;
    private boolean closed; // guarded by this

    Stream(ServerCall<OneWayEnvelope, OneWayAck> call) {
      this.call = call;
    }

    @Override
    public void onMessage(OneWayEnvelope envelope) {
      MethodInvoker invoker = invokers.get(envelope.method());
      Failure failure =
          invoker == null
              ? Failures.of(Kind.INVALID_REQUEST, "unknown method " + envelope.method())
              : invoker.deliver(
                  envelope.objectId(),
                  envelope.request() == null ? new byte[0] : envelope.request(),
                  envelope.acknowledge() ? () -> ack(OneWayProtocol.accepted(envelope.sequence())) : () -> { });
      if (failure != null) {
        if (envelope.acknowledge()) {
          ack(OneWayProtocol.rejected(envelope.sequence(), failure));
        } else {
          log.debug("one-way call {} failed: {}", envelope.method(), failure.status());
        }
      }
      synchronized (this) {
        if (!closed) {
          call.request(1);
        }
      }
    }

    private synchronized void ack(OneWayAck ack) {
      if (!closed) {
        call.sendMessage(ack);
      }
    }

    @Override
    public void onHalfClose() {
      close(Status.OK);
    }

    @Override
    public void onCancel() {
      synchronized (this) {
        closed = true;
      }
      open.remove(this);
    }

    synchronized void close(Status status) {
      if (closed) {
        return;
      }
      closed = true;
      open.remove(this);
      try {
        call.close(status, new Metadata());
      } catch (IllegalStateException alreadyClosed) {
        log.debug("one-way stream already closed");
      }
    }
  }
}
