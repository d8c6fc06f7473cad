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
import java.util.concurrent.TimeUnit;
import org.remoting.ServantBusyException;
import org.remoting.lifecycle.LifecycleManager;
import org.remoting.lifecycle.ServantCreationException;
import org.remoting.runtime.internal.schema.MethodSchema;
import org.remoting.runtime.internal.wire.Failures;
import org.remoting.runtime.internal.wire.Failures.Failure;
import org.remoting.runtime.internal.wire.Failures.Kind;
import org.remoting.runtime.internal.wire.Headers;
import org.remoting.runtime.internal.wire.RequestMarshaller.MalformedRequest;
import org.remoting.runtime.internal.wire.CodecMarshaller;
import org.remoting.runtime.internal.wire.EncodedValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The invoker of one remote method: receives a unary call, finds the target object, acquires a
 * servant instance from its lifecycle manager, invokes the method through a {@link MethodHandle}
 * prepared once, encodes the result while the instance is still held, and releases the instance
 * on every path before the call completes. Runs the servant on the gRPC server's executor thread
 * that delivered the call.
 *
 * <p>A call cancelled (or past its deadline) while waiting for an instance stops waiting; a call
 * cancelled before its servant method starts never runs it.
 */
final class MethodInvoker implements ServerCallHandler<Object, Object> {
  private static final Logger log = LoggerFactory.getLogger(MethodInvoker.class);

  private final ExportedService service;
  private final MethodSchema method;
  private final CodecMarshaller<Object> responseMarshaller;
  private final MethodHandle handle;

  MethodInvoker(
      ExportedService service, MethodSchema method, CodecMarshaller<Object> responseMarshaller) {
    this.service = service;
    this.method = method;
    this.responseMarshaller = responseMarshaller;
    this.handle = spreadHandle(method.method());
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

  @Override
  public ServerCall.Listener<Object> startCall(ServerCall<Object, Object> call, Metadata headers) {
    call.request(2); // a second message is a protocol error, reported at once
    return new CallListener(call, headers.get(Headers.OBJECT_ID));
  }

  private final class CallListener extends ServerCall.Listener<Object> {
    private final ServerCall<Object, Object> call;
    private final String objectId;
    private Object request;
    private boolean closed;

    CallListener(ServerCall<Object, Object> call, String objectId) {
      this.call = call;
      this.objectId = objectId;
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

    private void invoke(Object request) {
      LifecycleManager<Object> target = service.resolve(objectId);
      if (target == null) {
        fail(
            Failures.of(
                Kind.OBJECT_NOT_FOUND,
                "no object with id '" + objectId + "' in service " + service.serviceName()));
        return;
      }
      if (request instanceof MalformedRequest) {
        fail(
            Failures.of(
                Kind.INVALID_REQUEST,
                "malformed request for " + method + ": " + ((MalformedRequest) request).reason()));
        return;
      }
      Context context = Context.current();
      Object servant = acquire(target, context);
      if (servant == null) {
        return; // acquire has closed the call
      }
      EncodedValue response;
      try {
        if (context.isCancelled()) {
          fail(Failures.of(Kind.CANCELLED, method + " was not run: the call was cancelled"));
          return;
        }
        Object result;
        try {
          result = handle.invokeExact(servant, (Object[]) request);
        } catch (Throwable thrown) {
          logServantFailure(thrown);
          fail(Failures.application(thrown));
          return;
        }
        try {
          // Encoded now, while the instance is held: a pooled instance's reset() or a
          // per-request instance's close() must not touch a result still to be encoded.
          response = responseMarshaller.encode(result);
        } catch (RuntimeException e) {
          fail(
              Failures.of(
                  Kind.BAD_RESULT,
                  method + " returned a value that cannot be sent: " + e.getMessage()));
          return;
        }
        call.sendHeaders(new Metadata());
        call.sendMessage(response);
      } finally {
        target.release(servant);
      }
      closed = true;
      call.close(Status.OK, new Metadata());
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
      WaitInterrupter interrupter = new WaitInterrupter();
      context.addListener(interrupter, Runnable::run);
      try {
        return target.acquire(wait, TimeUnit.NANOSECONDS);
      } catch (ServantBusyException e) {
        fail(
            deadline != null && deadline.isExpired()
                ? Failures.of(Kind.DEADLINE_EXCEEDED, method + " was not run: " + e.getMessage())
                : Failures.of(Kind.SERVANT_BUSY, e.getMessage()));
      } catch (ServantCreationException e) {
        log.warn("{}: {}", method, e.getMessage(), e.getCause());
        fail(Failures.of(Kind.SERVANT_CREATION, e.getMessage()));
      } catch (IllegalStateException e) {
        fail(Failures.of(Kind.SHUTTING_DOWN, service.serviceName() + " is shutting down"));
      } catch (InterruptedException e) {
        fail(Failures.of(Kind.CANCELLED, method + " was not run: cancelled while waiting"));
      } finally {
        context.removeListener(interrupter);
        interrupter.done();
      }
      return null;
    }

    private void logServantFailure(Throwable thrown) {
      if (thrown instanceof Error && !(thrown instanceof StackOverflowError)) {
        log.error("{} threw {}", method, thrown.toString(), thrown);
      } else {
        log.debug("{} threw {}", method, thrown.toString());
      }
    }

    private void fail(Failure failure) {
      if (closed) {
        return;
      }
      closed = true;
      try {
        call.close(failure.status(), failure.trailers());
      } catch (IllegalStateException alreadyClosed) {
        log.debug("{}: call already closed, dropping {}", method, failure.status());
      }
    }
  }
}
