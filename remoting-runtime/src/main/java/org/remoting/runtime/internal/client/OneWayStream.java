package org.remoting.runtime.internal.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.remoting.runtime.internal.wire.Failures;
import org.remoting.runtime.internal.wire.OneWayAck;
import org.remoting.runtime.internal.wire.OneWayEnvelope;
import org.remoting.runtime.internal.wire.OneWayProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client end of the ordered one-way stream ({@link OneWayProtocol}), one per client: every
 * fire-and-forget and sync-with-server call of the client goes out on it, in the order
 * {@link #send} is called, so the server runs them in that order. Opened on first use and again
 * after it breaks (server restart); a break fails the acknowledgements still pending, and
 * fire-and-forget calls not yet run are lost (best effort). {@link #send} waits while gRPC's
 * flow control says the stream is not ready, so a fast sender cannot fill the client's memory.
 * Thread-safe.
 */
public final class OneWayStream {
  private static final Logger log = LoggerFactory.getLogger(OneWayStream.class);

  private final Channel channel;
  private final OneWayProtocol protocol;
  private final String target;
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private ClientCall<OneWayEnvelope, OneWayAck> call; // guarded by this
  private long nextSequence; // guarded by this
  private boolean closed; // guarded by this

  public OneWayStream(Channel channel, OneWayProtocol protocol, String target) {
    this.channel = channel;
    this.protocol = protocol;
    this.target = target;
  }

  /**
   * Hands a call to the stream. With {@code acknowledge}, the returned future completes when the
   * server accepted the call, or fails with the exception a unary call would have thrown;
   * without, it is {@code null}.
   */
  synchronized CompletableFuture<Void> send(
      Method method, String fullMethodName, String objectId, byte[] request, boolean acknowledge) {
    if (closed) {
      throw new org.remoting.ServerUnreachableException("the client to " + target + " is closed");
    }
    ClientCall<OneWayEnvelope, OneWayAck> stream = open();
    awaitReady(stream);
    long sequence = nextSequence++;
    CompletableFuture<Void> ack = null;
    if (acknowledge) {
      CompletableFuture<Void> future = new CompletableFuture<>();
      pending.put(sequence, new Pending(stream, future, method, fullMethodName));
      future.whenComplete((ignored, failure) -> pending.remove(sequence)); // e.g. on timeout
      ack = future;
    }
    stream.sendMessage(
        new OneWayEnvelope(fullMethodName, objectId, request, acknowledge, sequence));
    return ack;
  }

  /** Half-closes the stream: the server runs what it received, then ends it. */
  public synchronized void close() {
    closed = true;
    if (call != null) {
      call.halfClose();
      call = null;
    }
  }

  private ClientCall<OneWayEnvelope, OneWayAck> open() {
    if (call == null) {
      ClientCall<OneWayEnvelope, OneWayAck> stream =
          channel.newCall(protocol.method(), CallOptions.DEFAULT);
      stream.start(new Listener(stream), new Metadata());
      stream.request(Integer.MAX_VALUE); // acknowledgements are small and few
      call = stream;
    }
    return call;
  }

  /** Waits, boundedly, while the transport wants no more messages. */
  private void awaitReady(ClientCall<OneWayEnvelope, OneWayAck> stream) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    try {
      while (!stream.isReady() && call == stream) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          return; // let gRPC buffer it rather than block forever
        }
        TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized void onReady() {
    notifyAll();
  }

  private void onBroken(ClientCall<?, ?> stream, Status status) {
    synchronized (this) {
      if (call == stream) {
        call = null;
      }
      notifyAll();
    }
    StatusRuntimeException broken =
        (status.isOk() ? Status.UNAVAILABLE.withDescription("one-way stream ended") : status)
            .asRuntimeException();
    for (Map.Entry<Long, Pending> entry : pending.entrySet()) {
      if (entry.getValue().stream == stream && pending.remove(entry.getKey(), entry.getValue())) {
        entry.getValue().fail(broken);
      }
    }
    if (!status.isOk()) {
      log.debug("one-way stream to {} ended: {}", target, status);
    }
  }

  private final class Pending {
    private final ClientCall<?, ?> stream;
    private final CompletableFuture<Void> future;
    private final Method method;
    private final String fullMethodName;

    Pending(
        ClientCall<?, ?> stream,
        CompletableFuture<Void> future,
        Method method,
        String fullMethodName) {
      this.stream = stream;
      this.future = future;
      this.method = method;
      this.fullMethodName = fullMethodName;
    }

    CompletableFuture<Void> future() {
      return future;
    }

    void fail(StatusRuntimeException e) {
      future.completeExceptionally(
          Failures.toException(e, method, fullMethodName + " at " + target));
    }
  }

  private final class Listener extends ClientCall.Listener<OneWayAck> {
    private final ClientCall<?, ?> stream;

    Listener(ClientCall<?, ?> stream) {
      this.stream = stream;
    }

    @Override
    public void onMessage(OneWayAck ack) {
      Pending waiting = pending.remove(ack.sequence());
      if (waiting == null) {
        return;
      }
      StatusRuntimeException failure = OneWayProtocol.failureOf(ack);
      if (failure == null) {
        waiting.future().complete(null);
      } else {
        waiting.fail(failure);
      }
    }

    @Override
    public void onReady() {
      OneWayStream.this.onReady();
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      onBroken(stream, status);
    }
  }

}
