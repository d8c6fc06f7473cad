package org.remoting.runtime.internal.server;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletionStage;
import org.remoting.Concurrency;
import org.remoting.Lifecycle;
import org.remoting.lifecycle.ServantPolicy;
import org.remoting.ObjectNotFoundException;
import org.remoting.PollObject;
import org.remoting.ResultCallback;
import org.remoting.ServantBusyException;
import org.remoting.invocation.CallStyle;
import org.remoting.lifecycle.LifecycleManager;
import org.remoting.lifecycle.ServantCreationException;
import org.remoting.runtime.internal.metrics.CallTimers;
import org.remoting.runtime.internal.metrics.CallTimers.Style;
import org.remoting.runtime.internal.schema.MethodSchema;
import org.remoting.runtime.internal.wire.Failures;
import org.remoting.runtime.internal.wire.Failures.Failure;
import org.remoting.runtime.internal.wire.Failures.Kind;
import org.remoting.runtime.internal.wire.Headers;
import org.remoting.runtime.internal.wire.RequestMarshaller;
import org.remoting.runtime.internal.wire.RequestMarshaller.MalformedRequest;
import org.remoting.runtime.internal.wire.CodecMarshaller;
import org.remoting.runtime.internal.wire.EncodedValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The invoker of one remote method: receives a unary call, checks that its caller may make it
 * ({@link ExportedService#denial}), finds the target object, decodes the request, acquires a
 * servant instance from its lifecycle manager, invokes the method through a {@link MethodHandle}
 * prepared once, encodes the result while the instance is still held, and releases the instance
 * on every path before the call completes. Runs the servant on the gRPC server's executor thread
 * that delivered the call.
 *
 * <p>A call cancelled (or past its deadline) while waiting for an instance stops waiting; a call
 * cancelled before its servant method starts never runs it.
 *
 * <p>Each call is timed by the method's {@link CallTimers}, once: a unary call from its arrival
 * until its outcome is handed to gRPC (recorded just before, so a client that has the reply finds
 * the call counted) or it is cancelled; a one-way call from when its lane runs it until its
 * servant method returns, or until it is rejected.
 */
final class MethodInvoker implements ServerCallHandler<Object, Object> {
  private static final Logger log = LoggerFactory.getLogger(MethodInvoker.class);

  private final ExportedService service;
  private final MethodSchema method;
  private final CodecMarshaller<Object> responseMarshaller;
  private final RequestMarshaller requestMarshaller;
  private final MethodHandle handle;
  private final CallStyle style;
  private final CallTimers timers;
  /**
   * Whether acquiring an instance can wait (a pool, a lock, a creation or activation under way),
   * so that a cancelled call must interrupt the wait; static, per-request and leased servants
   * with shared concurrency are handed out at once.
   */
  private final boolean acquireMayWait;

  MethodInvoker(
      ExportedService service,
      MethodSchema method,
      RequestMarshaller requestMarshaller,
      CodecMarshaller<Object> responseMarshaller,
      CallTimers timers) {
    this.service = service;
    this.method = method;
    this.requestMarshaller = requestMarshaller;
    this.responseMarshaller = responseMarshaller;
    this.style = method.callStyle();
    this.handle = spreadHandle(method.method());
    this.timers = timers;
    ServantPolicy policy = service.policy();
    this.acquireMayWait =
        policy.concurrency() == Concurrency.SERIALIZED
            || !EnumSet.of(Lifecycle.STATIC, Lifecycle.PER_REQUEST, Lifecycle.LEASED)
                .contains(policy.lifecycle());
  }

  /** The timers of this method's calls. */
  CallTimers timers() {
    return timers;
  }

  private static MethodHandle spreadHandle(Method method) {
    try {
      method.setAccessible(true);
      MethodHandle direct = MethodHandles.lookup().unreflect(method);
      return direct
          .asSpreader(Object[].class, method.getParameterCount())
          .asType(MethodType.methodType(Object.class, Object.class, Object[].class));
    } catch (IllegalAccessException | RuntimeException e) {
      throw new IllegalStateException("cannot invoke " + method + ": " + e, e);
    }
  }

  /**
   * Runs one call of {@code caller} that arrived on the ordered one-way stream, on the calling
   * thread: checks access, finds the object, decodes the request, acquires an instance (waiting
   * at most {@code timeoutMillis}, the client's deadline, when positive), runs {@code
   * onAccepted}, invokes the method and releases the instance. The method's outcome is only
   * logged (and timed).
   *
   * @param acknowledged whether the client waits for acceptance (sync-with-server)
   * @return the failure that stopped the call before acceptance, or {@code null} once accepted
   */
  Failure deliver(
      Caller caller,
      String objectId,
      byte[] request,
      long timeoutMillis,
      boolean acknowledged,
      Runnable onAccepted) {
    return caller.call(
        () -> deliverAs(caller, objectId, request, timeoutMillis, acknowledged, onAccepted));
  }

  private Failure deliverAs(
      Caller caller,
      String objectId,
      byte[] request,
      long timeoutMillis,
      boolean acknowledged,
      Runnable onAccepted) {
    long start = timers.start();
    Style timerStyle = acknowledged ? Style.SYNC_WITH_SERVER : Style.FIRE_AND_FORGET;
    Failure badId = checkObjectId(objectId);
    if (badId != null) {
      return rejected(timerStyle, start, badId);
    }
    Failure denied = service.denial(caller, method, objectId);
    if (denied != null) {
      return rejected(timerStyle, start, denied);
    }
    LifecycleManager<Object> target = service.resolve(objectId);
    if (target == null) {
      return rejected(
          timerStyle, start, Failures.of(Kind.OBJECT_NOT_FOUND, service.noSuchObject(objectId)));
    }
    Object args = requestMarshaller.decode(request);
    if (args instanceof MalformedRequest) {
      return rejected(timerStyle, start, ((MalformedRequest) args).failure(method));
    }
    Object servant;
    try {
      servant =
          target.acquire(timeoutMillis > 0 ? timeoutMillis : Long.MAX_VALUE, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return rejected(
          timerStyle,
          start,
          Failures.of(Kind.SHUTTING_DOWN, service.serviceName() + " is shutting down"));
    } catch (RuntimeException | Error e) {
      return rejected(timerStyle, start, acquireFailure(e));
    }
    Kind outcome = null;
    try {
      onAccepted.run();
      Object[] javaArgs =
          style != CallStyle.CALLBACK
              ? (Object[]) args
              : withCallback(
                  (Object[]) args,
                  ResultCallback.of(
                      result -> { },
                      error -> log.debug("{} (one-way) failed: {}", method, error.toString())));
      Object ignored = (Object) handle.invokeExact(servant, javaArgs);
    } catch (Throwable thrown) {
      outcome = Kind.APPLICATION;
      logServantFailure(method, thrown);
    } finally {
      target.release(servant);
    }
    timers.record(timerStyle, outcome, start);
    return null;
  }

  /** Times a one-way call that was not accepted, and returns its failure. */
  private Failure rejected(Style timerStyle, long start, Failure failure) {
    timers.record(timerStyle, failure.kind(), start);
    return failure;
  }

  /**
   * The failure for an instance that could not be acquired (other than a wait that was
   * interrupted, which each caller reports in its own terms).
   */
  private Failure acquireFailure(Throwable e) {
    if (e instanceof ObjectNotFoundException) {
      return Failures.of(Kind.OBJECT_NOT_FOUND, e.getMessage());
    }
    if (e instanceof ServantBusyException) {
      return Failures.of(Kind.SERVANT_BUSY, e.getMessage());
    }
    if (e instanceof ServantCreationException) {
      log.warn("{}: {}", method, e.getMessage(), e.getCause());
      return Failures.of(Kind.SERVANT_CREATION, e.getMessage());
    }
    if (e instanceof IllegalStateException) {
      return Failures.of(Kind.SHUTTING_DOWN, service.serviceName() + " is shutting down");
    }
    log.warn("{}: acquiring an instance failed", method, e);
    return Failures.of(Kind.SERVANT_CREATION, method + ": " + e);
  }

  /** The servant's Java arguments for a method with a trailing {@code ResultCallback}. */
  private static Object[] withCallback(Object[] wireArgs, ResultCallback<?> callback) {
    Object[] args = java.util.Arrays.copyOf(wireArgs, wireArgs.length + 1);
    args[wireArgs.length] = callback;
    return args;
  }

  private static void logServantFailure(MethodSchema method, Throwable thrown) {
    if (thrown instanceof Error && !(thrown instanceof StackOverflowError)) {
      log.error("{} threw {}", method, thrown.toString(), thrown);
    } else {
      log.debug("{} threw {}", method, thrown.toString());
    }
  }

  /**
   * The failure for an object id that no client of this runtime could send (a foreign or hostile
   * client's), or {@code null} when the id is valid or absent.
   */
  private Failure checkObjectId(String objectId) {
    if (objectId == null || Headers.isValidObjectId(objectId)) {
      return null;
    }
    return Failures.of(Kind.INVALID_REQUEST, method + ": " + Headers.invalidObjectId(objectId));
  }

  @Override
  public ServerCall.Listener<Object> startCall(ServerCall<Object, Object> call, Metadata headers) {
    long start = timers.start();
    String objectId = headers.get(Headers.OBJECT_ID);
    Failure badId = checkObjectId(objectId);
    if (badId != null) {
      timers.record(Style.UNARY, badId.kind(), start);
      call.close(badId.status(), badId.trailers());
      return new ServerCall.Listener<>() {};
    }
    call.request(2); // a second message is a protocol error, reported at once
    return new CallListener(call, objectId, Caller.of(call), start);
  }

  private final class CallListener extends ServerCall.Listener<Object> {
    private final ServerCall<Object, Object> call;
    private final String objectId;
    private final Caller caller;
    private final long start; // for the call timer
    private volatile Context context; // the call's, once invoked
    private Object request; // the request's bytes, or a MalformedRequest
    private boolean closed; // the gRPC call is closed, and timed
    private boolean completed; // the servant's outcome is known
    private boolean released; // the servant instance is released
    private Object pending; // an encoded result or a Failure, waiting for the release
    private CompletionStage<?> stage; // a FUTURE servant's result, cancelled with the call
    private PollObject<?> poll; // a POLL_OBJECT servant's result, awaited after the release

    CallListener(
        ServerCall<Object, Object> call, String objectId, Caller caller, long start) {
      this.call = call;
      this.objectId = objectId;
      this.caller = caller;
      this.start = start;
    }

    @Override
    public void onMessage(Object message) {
      if (request != null) {
        fail(Failures.of(Kind.INVALID_REQUEST, method + " is unary: got a second request message"));
        return;
      }
      request = message;
    }

    @Override
    public void onHalfClose() {
      if (closed) {
        return;
      }
      if (request == null) {
        fail(Failures.of(Kind.INVALID_REQUEST, method + " is unary: got no request message"));
        return;
      }
      invoke(request);
    }

    /** Serves the call with its caller current, so references can be checked against it. */
    private void invoke(Object request) {
      caller.run(() -> invokeAs(request));
    }

    private void invokeAs(Object parsed) {
      Failure denied = service.denial(caller, method, objectId);
      if (denied != null) {
        fail(denied);
        return;
      }
      LifecycleManager<Object> target = service.resolve(objectId);
      if (target == null) {
        fail(Failures.of(Kind.OBJECT_NOT_FOUND, service.noSuchObject(objectId)));
        return;
      }
      Object request = requestMarshaller.decode(parsed);
      if (request instanceof MalformedRequest) {
        fail(((MalformedRequest) request).failure(method));
        return;
      }
      Context context = Context.current();
      this.context = context;
      Object servant = acquire(target, context);
      if (servant == null) {
        return; // acquire has closed the call
      }
      Object[] wireArgs = (Object[]) request;
      try {
        if (context.isCancelled()) {
          fail(Failures.of(Kind.CANCELLED, method + " was not run: the call was cancelled"));
          return;
        }
        Object result;
        try {
          result = (Object) handle.invokeExact(servant, javaArguments(wireArgs));
        } catch (Throwable thrown) {
          logServantFailure(method, thrown);
          complete(null, thrown);
          return;
        }
        switch (style) {
          case CALLBACK:
            break; // the servant calls the ResultCallback, now or later
          case FUTURE:
            if (result == null) {
              complete(null, new NullPointerException(method + " returned a null future"));
            } else {
              CompletionStage<?> returned = (CompletionStage<?>) result;
              synchronized (this) {
                stage = returned;
              }
              returned.whenComplete((value, error) -> complete(value, unwrap(error)));
            }
            break;
          case POLL_OBJECT:
            if (result == null) {
              complete(null, new NullPointerException(method + " returned a null PollObject"));
            } else {
              poll = (PollObject<?>) result; // awaited below, after the release
            }
            break;
          default:
            // Encoded while the instance is held: a pooled instance's reset() or a
            // per-request instance's close() must not touch a result still to be encoded.
            complete(result, null);
        }
      } finally {
        target.release(servant);
        sendPending();
      }
      if (poll != null) {
        awaitPollObject(poll, context);
      }
    }

    /**
     * Waits, with the servant instance already released, for a poll object a servant returned,
     * at most until the call's deadline; a cancelled call cancels the poll object.
     */
    private void awaitPollObject(PollObject<?> poll, Context context) {
      Context.CancellationListener cancel = cancelled -> poll.cancel();
      context.addListener(cancel, service.userCode()); // not on the cancelling thread
      try {
        Deadline deadline = context.getDeadline();
        Object value =
            deadline == null
                ? poll.getResult()
                : poll.getResult(
                    java.time.Duration.ofNanos(
                        Math.max(0, deadline.timeRemaining(TimeUnit.NANOSECONDS))));
        complete(value, null);
      } catch (Throwable thrown) {
        complete(null, thrown);
      } finally {
        context.removeListener(cancel);
      }
    }

    @Override
    public void onCancel() {
      CompletionStage<?> cancelled;
      synchronized (this) {
        if (!closed) {
          timers.record(Style.UNARY, cancelled(), start);
        }
        closed = true;
        completed = true;
        pending = null;
        cancelled = stage;
      }
      if (cancelled != null) {
        try {
          cancelled.toCompletableFuture().cancel(false);
        } catch (UnsupportedOperationException notCancellable) {
          log.debug("{}: the servant's future cannot be cancelled", method);
        }
      }
    }

    /** The Java arguments for the servant: the wire arguments, plus a callback if declared. */
    private Object[] javaArguments(Object[] wireArgs) {
      if (style != CallStyle.CALLBACK) {
        return wireArgs;
      }
      return withCallback(
          wireArgs,
          ResultCallback.of(value -> complete(value, null), error -> complete(null, unwrap(error))));
    }

    /**
     * Records the call's outcome (a result or a servant failure), exactly once; later outcomes (a
     * servant calling its callback twice) are ignored. The result is encoded at once. It is sent
     * only after the servant instance has been released, so a client that sees the reply also
     * sees the instance back in its pool (or closed); an outcome that arrives after the release
     * (an asynchronous servant) is sent at once. Thread-safe.
     */
    private synchronized void complete(Object result, Throwable failure) {
      if (completed) {
        log.debug("{}: call already completed; ignoring a second outcome", method);
        return;
      }
      completed = true;
      if (failure != null) {
        pending = Failures.application(failure);
      } else {
        // Returned servants are exported for the caller, on whichever thread completes the call.
        try {
          pending = caller.call(() -> responseMarshaller.encode(result));
        } catch (RuntimeException e) {
          pending = Failures.unsendableResult(method, e);
        }
      }
      if (released) {
        send();
      }
    }

    /** Called once the instance is released: sends an outcome that was waiting for it. */
    private synchronized void sendPending() {
      released = true;
      if (pending != null) {
        send();
      }
    }

    private void send() {
      Object outcome = pending;
      pending = null;
      if (outcome instanceof Failure) {
        fail((Failure) outcome);
        return;
      }
      if (closed) {
        return;
      }
      closed = true;
      // Timed before the client can see the reply; as the client will see the call.
      timers.record(Style.UNARY, call.isCancelled() ? cancelled() : null, start);
      try {
        call.sendHeaders(new Metadata());
        call.sendMessage(outcome);
        call.close(Status.OK, new Metadata());
      } catch (IllegalStateException cancelled) {
        log.debug("{}: call ended before its result could be sent", method);
      }
    }

    /**
     * Acquires an instance, waiting at most until the call's deadline and no longer than the call
     * stays uncancelled. Returns {@code null} after closing the call when there is none.
     */
    private Object acquire(LifecycleManager<Object> target, Context context) {
      Deadline deadline = context.getDeadline();
      long wait = deadline == null ? Long.MAX_VALUE : deadline.timeRemaining(TimeUnit.NANOSECONDS);
      if (wait <= 0 || context.isCancelled()) {
        fail(Failures.of(Kind.DEADLINE_EXCEEDED, method + " was not run: deadline passed"));
        return null;
      }
      WaitInterrupter interrupter = acquireMayWait ? new WaitInterrupter() : null;
      if (interrupter != null) {
        context.addListener(interrupter, Runnable::run);
      }
      try {
        return target.acquire(wait, TimeUnit.NANOSECONDS);
      } catch (ServantBusyException e) {
        fail(
            deadline != null && deadline.isExpired()
                ? Failures.of(Kind.DEADLINE_EXCEEDED, method + " was not run: " + e.getMessage())
                : acquireFailure(e));
      } catch (RuntimeException | Error e) { // a factory may fail with an Error too
        fail(acquireFailure(e));
      } catch (InterruptedException e) {
        fail(Failures.of(Kind.CANCELLED, method + " was not run: cancelled while waiting"));
      } finally {
        if (interrupter != null) {
          context.removeListener(interrupter);
          interrupter.done();
        }
      }
      return null;
    }

    /** How a cancelled call ended: its deadline passed, or its client cancelled it. */
    private Kind cancelled() {
      Context known = context;
      Deadline deadline = (known != null ? known : Context.current()).getDeadline();
      return deadline != null && deadline.isExpired() ? Kind.DEADLINE_EXCEEDED : Kind.CANCELLED;
    }

    /** The cause inside an asynchronous outcome's wrappers; {@code null} stays {@code null}. */
    private Throwable unwrap(Throwable failure) {
      Throwable cause = failure;
      while ((cause instanceof java.util.concurrent.CompletionException
              || cause instanceof java.util.concurrent.ExecutionException)
          && cause.getCause() != null) {
        cause = cause.getCause();
      }
      return cause;
    }

    private synchronized void fail(Failure failure) {
      if (closed) {
        return;
      }
      closed = true;
      timers.record(Style.UNARY, call.isCancelled() ? cancelled() : failure.kind(), start);
      try {
        call.close(failure.status(), failure.trailers());
      } catch (IllegalStateException alreadyClosed) {
        log.debug("{}: call already closed, dropping {}", method, failure.status());
      }
    }
  }
}
