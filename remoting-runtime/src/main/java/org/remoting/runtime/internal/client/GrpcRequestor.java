package org.remoting.runtime.internal.client;

import static java.util.Objects.requireNonNull;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptors;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.lang.ref.Reference;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.remoting.invocation.ClientProxies;
import org.remoting.invocation.Requestor;
import org.remoting.runtime.internal.config.ClientSettings;
import org.remoting.runtime.internal.lease.LeaseToken;
import org.remoting.runtime.internal.schema.RemoteRef;
import org.remoting.runtime.internal.wire.Failures;
import org.remoting.runtime.internal.wire.Headers;

/**
 * The gRPC requestor behind one client proxy: sync, poll-object, callback and future calls are
 * unary gRPC calls to the proxy's target object, with the proxy's deadline; fire-and-forget and
 * sync-with-server calls go in order on the client's one-way stream; failures map to exceptions
 * in {@link Failures}. Synchronous calls block the caller's thread (gRPC runs their callbacks on it);
 * asynchronous ones encode their arguments before returning, so a caller may change them
 * afterwards. Immutable and thread-safe; a deadline change makes a new requestor.
 *
 * <p>A call keeps its proxy's lease and the arguments (proxies of leased objects among them)
 * strongly reachable until it ends (for sync-with-server calls, until the acknowledgement), so
 * no lease is released by the garbage collector while a call that uses it is in flight, even
 * when the caller dropped every proxy. A fire-and-forget call does not: it ends when handed to
 * the transport.
 */
public final class GrpcRequestor implements Requestor {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(GrpcRequestor.class);

  private final ClientBinding binding;
  private final ClientConnection connection;
  private final Channel channel; // the connection's, adding the object-id header to every call
  private final String objectId;
  private final Duration deadline;
  private final LeaseToken lease; // held for as long as this requestor's proxy is reachable

  GrpcRequestor(
      ClientBinding binding,
      ClientConnection connection,
      String objectId,
      Duration deadline,
      LeaseToken lease) {
    this.binding = requireNonNull(binding, "binding");
    this.connection = requireNonNull(connection, "connection");
    this.objectId = objectId == null ? null : Headers.checkObjectId(objectId);
    this.deadline = requireNonNull(deadline, "deadline");
    this.lease = lease;
    if (objectId == null) {
      this.channel = connection.channel();
    } else {
      Metadata headers = new Metadata();
      headers.put(Headers.OBJECT_ID, objectId);
      this.channel =
          ClientInterceptors.intercept(
              connection.channel(), MetadataUtils.newAttachHeadersInterceptor(headers));
    }
  }

  /**
   * A synchronous call. A call of an {@link org.remoting.Idempotent} method that finds the server
   * unreachable is tried again, with doubling backoff, up to the retry policy's attempts and
   * within the call's deadline; other calls are tried once.
   */
  @Override
  public Object invoke(Method method, Object[] args) throws Throwable {
    MethodDescriptor<Object, Object> descriptor = descriptor(method);
    CallOptions options = options();
    try {
      return ClientCalls.blockingUnaryCall(channel, descriptor, options, args);
    } catch (StatusRuntimeException e) {
      if (!binding.isIdempotent(method) || !retryable(e)) {
        throw failure(e, method, descriptor);
      }
      return retry(method, descriptor, args, options, e);
    } finally {
      Reference.reachabilityFence(lease);
      Reference.reachabilityFence(args);
    }
  }

  /** Tries the call again, within the first attempt's deadline ({@code options}). */
  private Object retry(
      Method method,
      MethodDescriptor<Object, Object> descriptor,
      Object[] args,
      CallOptions options,
      StatusRuntimeException first)
      throws Throwable {
    ClientSettings.RetryPolicy policy = connection.retry();
    Deadline callDeadline = options.getDeadline();
    long backoffNanos = policy.backoff().toNanos();
    StatusRuntimeException last = first;
    for (int attempt = 2; attempt <= policy.maxAttempts(); attempt++) {
      if (callDeadline.timeRemaining(TimeUnit.NANOSECONDS) <= backoffNanos) {
        break;
      }
      try {
        TimeUnit.NANOSECONDS.sleep(backoffNanos);
      } catch (InterruptedException e) {
        // As an interrupted blocking call ends: CANCELLED, the thread still interrupted.
        Thread.currentThread().interrupt();
        throw failure(
            Status.CANCELLED.withDescription("interrupted while waiting to retry").withCause(e)
                .asRuntimeException(),
            method,
            descriptor);
      }
      backoffNanos = Math.min(backoffNanos * 2, TimeUnit.MINUTES.toNanos(1));
      log.debug("retrying {} (attempt {}): {}", describeCall(descriptor), attempt, last.getStatus());
      try {
        return ClientCalls.blockingUnaryCall(channel, descriptor, options, args);
      } catch (StatusRuntimeException e) {
        last = e;
        if (!retryable(e)) {
          break;
        }
      }
    }
    throw failure(last, method, descriptor);
  }

  /**
   * The server could not be reached, or dropped the call (cancelled it from its side, as a
   * server that is stopped does): the call may or may not have run. A cancellation of this
   * client's own making (an interrupt, an argument that cannot be encoded) is not retried.
   */
  private static boolean retryable(StatusRuntimeException e) {
    Status.Code code = e.getStatus().getCode();
    return code == Status.Code.UNAVAILABLE
        || (code == Status.Code.CANCELLED
            && !(e.getCause() instanceof InterruptedException)
            && !(e.getCause() instanceof IllegalArgumentException)
            && !Thread.currentThread().isInterrupted());
  }

  private Throwable failure(
      StatusRuntimeException e, Method method, MethodDescriptor<?, ?> descriptor) {
    reconnectSoonIfUnreachable(e.getStatus());
    if (e.getStatus().getCode() == Status.Code.CANCELLED
        && e.getCause() instanceof IllegalArgumentException unencodable) {
      // The request marshaller could not encode an argument: nothing was sent.
      return new IllegalArgumentException(
          describeCall(descriptor) + ": " + unencodable.getMessage(), unencodable);
    }
    return Failures.toException(e, method, describeCall(descriptor));
  }

  @Override
  public CompletableFuture<Object> invokeAsync(Method method, Object[] args) {
    return start(method, args);
  }

  /**
   * Sends the call on the client's ordered one-way stream, after the fire-and-forget and
   * sync-with-server calls sent before it, and completes when the server has accepted it.
   */
  @Override
  public CompletableFuture<Void> invokeAcknowledged(Method method, Object[] args) {
    MethodDescriptor<Object, Object> descriptor = descriptor(method);
    long start = System.nanoTime();
    CompletableFuture<Void> ack = sendOneWay(method, descriptor, args, true);
    CompletableFuture<Void> bounded = new CompletableFuture<>();
    LeaseToken heldLease = lease;
    // One deadline for the whole call: the wait for the stream (flow control) counts too.
    long left = Math.max(0, deadline.toNanos() - (System.nanoTime() - start));
    ack.orTimeout(left, TimeUnit.NANOSECONDS)
        .whenComplete(
            (ignored, failure) -> {
              // Reached from the pending acknowledgement until it completes.
              Reference.reachabilityFence(heldLease);
              Reference.reachabilityFence(args);
              if (failure == null) {
                bounded.complete(null);
              } else if (failure instanceof java.util.concurrent.TimeoutException) {
                bounded.completeExceptionally(
                    new org.remoting.DeadlineExceededException(
                        describeCall(descriptor)
                            + ": no acknowledgement within the deadline of "
                            + deadline.toMillis()
                            + " ms"));
              } else {
                bounded.completeExceptionally(failure);
              }
            });
    return bounded;
  }

  /**
   * Sends the call on the client's ordered one-way stream and returns: the server runs it after
   * the fire-and-forget and sync-with-server calls sent before it.
   */
  @Override
  public void invokeOneWay(Method method, Object[] args) {
    sendOneWay(method, descriptor(method), args, false);
  }

  /** Encodes the arguments now and hands the call to the one-way stream. */
  private CompletableFuture<Void> sendOneWay(
      Method method, MethodDescriptor<?, ?> descriptor, Object[] args, boolean acknowledge) {
    byte[] request = binding.encodeRequest(method, args).bytes();
    return connection.oneWay().send(
        method,
        descriptor.getFullMethodName(),
        objectId,
        request,
        acknowledge,
        deadline.toMillis());
  }

  @Override
  public Executor callbackExecutor() {
    return connection.callbackExecutor();
  }

  /**
   * Starts a unary call and returns its outcome as a future whose cancellation cancels the call.
   * Over the in-process transport the call is marked {@linkplain Headers#ASYNC asynchronous}: a
   * servant with {@code executor = direct} would otherwise run on this thread, and the caller of
   * an asynchronous call must not wait for it.
   *
   * @throws IllegalArgumentException if an argument cannot be encoded
   */
  private CompletableFuture<Object> start(Method method, Object[] args) {
    MethodDescriptor<Object, Object> descriptor = descriptor(method);
    Object encoded = binding.encodeRequest(method, args); // throws for unencodable arguments
    ClientCall<Object, Object> call = channel.newCall(descriptor, options());
    CallFuture future = new CallFuture(call);
    Metadata headers = new Metadata();
    if (connection.inProcess()) {
      headers.put(Headers.ASYNC, "1");
    }
    call.start(
        new ResponseListener(
            future,
            method,
            describeCall(descriptor),
            this::reconnectSoonIfUnreachable,
            new Object[] {lease, args}),
        headers);
    call.request(1);
    call.sendMessage(encoded);
    call.halfClose();
    return future;
  }

  private MethodDescriptor<Object, Object> descriptor(Method method) {
    MethodDescriptor<Object, Object> descriptor = binding.method(method);
    if (descriptor == null) {
      throw new IllegalArgumentException(method + " is not a remote method of " + binding.schema());
    }
    return descriptor;
  }

  private CallOptions options() {
    return CallOptions.DEFAULT.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * After a call found the server unreachable, the next call tries to connect at once (as in
   * RMI), instead of failing fast until gRPC's reconnect backoff (1 s, growing to 2 min) ends: a
   * restarted server is found by the first call after it is back.
   */
  private void reconnectSoonIfUnreachable(Status status) {
    if (status.getCode() == Status.Code.UNAVAILABLE) {
      connection.reconnectSoon();
    }
  }

  /** The requestor behind {@code value} if it is a proxy of a RemotingClient, else null. */
  public static GrpcRequestor of(Object value) {
    return ClientProxies.isProxy(value)
            && ClientProxies.requestor(value) instanceof GrpcRequestor requestor
        ? requestor
        : null;
  }

  /** The same object with another deadline (and the same hold on its lease). */
  public GrpcRequestor withDeadline(Duration newDeadline) {
    return new GrpcRequestor(binding, connection, objectId, newDeadline, lease);
  }

  ClientConnection connection() {
    return connection;
  }

  /** The object's lease, or null if it is not a leased object. */
  public LeaseToken lease() {
    return lease;
  }

  /** The reference to this requestor's object, naming its server {@code target}. */
  RemoteRef reference(String target) {
    return new RemoteRef(target, objectId == null ? "" : objectId,
        binding.schema().serviceName(), null);
  }

  public String objectId() {
    return objectId;
  }

  public Duration deadline() {
    return deadline;
  }

  public ClientBinding binding() {
    return binding;
  }

  /** What a proxy's {@code toString()} shows. */
  public String describe() {
    return binding.schema().serviceName() + describeTarget();
  }

  private String describeCall(MethodDescriptor<?, ?> descriptor) {
    return descriptor.getFullMethodName() + describeTarget();
  }

  private String describeTarget() {
    return (objectId == null ? "" : "[" + objectId + "]") + " at " + connection.target();
  }

  /** A call's outcome; cancelling it cancels the call. */
  private static final class CallFuture extends CompletableFuture<Object> {
    private final ClientCall<?, ?> call;

    CallFuture(ClientCall<?, ?> call) {
      this.call = call;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      if (cancelled) {
        call.cancel("cancelled by the caller", null);
      }
      return cancelled;
    }
  }

  /** Completes the future from the call's events, which gRPC delivers on its executor. */
  private static final class ResponseListener extends ClientCall.Listener<Object> {
    private final CompletableFuture<Object> future;
    private final Method method;
    private final String call;
    private final java.util.function.Consumer<Status> onFailure;
    /** The lease and arguments of the call, kept reachable while gRPC holds this listener. */
    private Object keepAlive;
    private Object response;

    ResponseListener(
        CompletableFuture<Object> future,
        Method method,
        String call,
        java.util.function.Consumer<Status> onFailure,
        Object keepAlive) {
      this.future = future;
      this.method = method;
      this.call = call;
      this.onFailure = onFailure;
      this.keepAlive = keepAlive;
    }

    @Override
    public void onMessage(Object message) {
      response = message;
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      if (status.isOk()) {
        future.complete(response);
      } else {
        onFailure.accept(status);
        future.completeExceptionally(
            Failures.toException(status.asRuntimeException(trailers), method, call));
      }
      Reference.reachabilityFence(keepAlive);
      keepAlive = null;
    }
  }
}
