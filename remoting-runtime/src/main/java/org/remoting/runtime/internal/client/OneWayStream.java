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
import org.remoting.ServerUnreachableException;
import org.remoting.runtime.internal.wire.Failures;
import org.remoting.runtime.internal.wire.OneWayAck;
import org.remoting.runtime.internal.wire.OneWayEnvelope;
import org.remoting.runtime.internal.wire.OneWayProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client end of the ordered one-way stream ({@link OneWayProtocol}), one per client: every
 * fire-and-forget and sync-with-server call of the client goes out on it, in the order {@link
 * #send} is called. Opened on first use and again after it breaks (server restart); a break
 * fails the acknowledgements still pending on it, and fire-and-forget calls not yet run are lost
 * (best effort). {@link #send} waits, boundedly, while flow control holds the stream back.
 * Thread-safe: every use of the gRPC call happens under this object's lock.
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
  private ClientCall<?, ?> brokenStream; // the last stream that ended, guarded by this
  private ClientCall<?, ?> closingStream; // the stream close() half-closed, guarded by this
  private Status brokenStatus; // how it ended, guarded by this

  public OneWayStream(Channel channel, OneWayProtocol protocol, String target) {
    this.channel = channel;
    this.protocol = protocol;
    this.target = target;
  }

  /**
   * Hands a call to the stream, first waiting while gRPC's flow control says the stream is not
   * ready (at most {@code timeoutMillis}), so a fast sender cannot fill the client's memory.
   * With {@code acknowledge}, the returned future completes when the server accepted the call,
   * or fails with the exception a unary call would have thrown; without, it is {@code null}, and
   * a call that cannot be sent is dropped (fire-and-forget is best effort): logged at WARN if the
   * stream was not ready in time, at DEBUG if the server is unreachable.
   *
   * @param timeoutMillis the client's deadline: the longest wait for the stream here, and for a
   *     servant instance on the server
   * @throws ServerUnreachableException if the client is closed
   */
  synchronized CompletableFuture<Void> send(
      Method method,
      String fullMethodName,
      String objectId,
      byte[] request,
      boolean acknowledge,
      long timeoutMillis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (true) {
      if (closed) {
        throw new ServerUnreachableException("the client of " + target + " is closed");
      }
      if (call == null) {
        ClientCall<OneWayEnvelope, OneWayAck> stream =
            channel.newCall(protocol.method(), CallOptions.DEFAULT);
        stream.start(new Listener(stream), new Metadata());
        stream.request(Integer.MAX_VALUE); // acknowledgements are small, one per acknowledged call
        call = stream;
      }
      ClientCall<OneWayEnvelope, OneWayAck> stream = call;
      if (stream.isReady()) {
        break;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return notSent(
            acknowledge,
            method,
            fullMethodName,
            Status.DEADLINE_EXCEEDED.withDescription(
                "the one-way stream was not ready within " + timeoutMillis + " ms"));
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return notSent(
            acknowledge, method, fullMethodName, Status.CANCELLED.withDescription("interrupted"));
      }
      if (call != stream && brokenStream == stream && !brokenStatus.isOk()) {
        // It broke before taking the call (the server is unreachable): fail like a unary call
        // would, rather than reopening until the deadline.
        return notSent(acknowledge, method, fullMethodName, brokenStatus);
      }
    }
    long sequence = nextSequence++;
    CompletableFuture<Void> ack = null;
    if (acknowledge) {
      CompletableFuture<Void> future = new CompletableFuture<>();
      // Registered under the same lock as onClosed clears the call: a break either happened
      // before (and this is a new stream) or will see and fail this entry.
      pending.put(sequence, new Pending(call, future, method, fullMethodName));
      future.whenComplete((ignored, failure) -> pending.remove(sequence)); // e.g. timed out
      ack = future;
    }
    call.sendMessage(
        new OneWayEnvelope(
            fullMethodName, objectId, request, acknowledge, sequence, timeoutMillis));
    return ack;
  }

  /**
   * Cancels the current stream, as a connection reset would end it, and waits until it has
   * ended: for tests.
   */
  synchronized void cancelForTest(String why) throws InterruptedException {
    ClientCall<?, ?> stream = call;
    if (stream == null) {
      return;
    }
    stream.cancel(why, null);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (brokenStream != stream && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.timedWait(this, 10);
    }
  }

  private CompletableFuture<Void> notSent(
      boolean acknowledge, Method method, String fullMethodName, Status status) {
    if (!acknowledge) {
      if (status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
        // The server is up but too slow for this sender: worth knowing, and rare.
        log.warn("one-way call {} to {} dropped: {}", fullMethodName, target, status);
      } else {
        log.debug("one-way call {} to {} dropped: {}", fullMethodName, target, status);
      }
      return null;
    }
    return CompletableFuture.failedFuture(
        Failures.toException(status.asRuntimeException(), method, fullMethodName + " at " + target));
  }

  /**
   * Half-closes the stream (the server runs what it received, then ends it) and fails the
   * acknowledgements still pending. Idempotent.
   */
  public void close() {
    ClientCall<?, ?> stream;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      stream = call;
      call = null;
      closingStream = stream;
      if (stream != null) {
        stream.halfClose();
      }
      notifyAll();
    }
    if (stream != null) {
      failPending(stream, Status.UNAVAILABLE.withDescription("the client was closed"));
    }
  }

  /**
   * After {@link #close}, waits until the server has run the calls it received and ended the
   * stream, or the stream broke, at most until {@code deadlineNanos} ({@link System#nanoTime}).
   *
   * @return whether the stream ended in time (true if there was none)
   */
  public synchronized boolean awaitEnd(long deadlineNanos) throws InterruptedException {
    while (closingStream != null && brokenStream != closingStream) {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  private void onClosed(ClientCall<?, ?> stream, Status status) {
    synchronized (this) {
      if (call == stream) {
        call = null; // the next send opens a new stream
      }
      brokenStream = stream;
      brokenStatus = status;
      notifyAll();
    }
    failPending(
        stream, status.isOk() ? Status.UNAVAILABLE.withDescription("one-way stream ended") : status);
    if (!status.isOk()) {
      log.debug("one-way stream to {} ended: {}", target, status);
    }
    if (status.getCode() == Status.Code.UNAVAILABLE
        && channel instanceof io.grpc.ManagedChannel managed) {
      managed.resetConnectBackoff(); // the next send connects at once, as unary calls do
    }
  }

  private void failPending(ClientCall<?, ?> stream, Status status) {
    StatusRuntimeException broken = status.asRuntimeException();
    for (Map.Entry<Long, Pending> entry : pending.entrySet()) {
      if (entry.getValue().stream == stream && pending.remove(entry.getKey(), entry.getValue())) {
        entry.getValue().fail(broken);
      }
    }
  }

  /** An acknowledgement the client waits for. */
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
        waiting.future.complete(null);
      } else {
        waiting.fail(failure);
      }
    }

    @Override
    public void onReady() {
      synchronized (OneWayStream.this) {
        OneWayStream.this.notifyAll();
      }
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      onClosed(stream, status);
    }
  }
}
