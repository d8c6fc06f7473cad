package org.remoting.runtime.internal.client;

import static java.util.Objects.requireNonNull;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.remoting.invocation.Requestor;
import org.remoting.runtime.internal.wire.Failures;
import org.remoting.runtime.internal.wire.Headers;

/**
 * The gRPC requestor behind one client proxy: makes each call a blocking unary gRPC call to the
 * proxy's target object, with the proxy's deadline, and maps failures to exceptions. Immutable
 * and thread-safe; a deadline change makes a new requestor.
 */
public final class GrpcRequestor implements Requestor {
  private final ClientBinding binding;
  private final Channel baseChannel;
  private final Channel channel;
  private final String target;
  private final String objectId;
  private final Duration deadline;

  public GrpcRequestor(
      ClientBinding binding, Channel channel, String target, String objectId, Duration deadline) {
    this.binding = requireNonNull(binding, "binding");
    this.baseChannel = requireNonNull(channel, "channel");
    this.target = requireNonNull(target, "target");
    this.objectId = objectId == null ? null : Headers.checkObjectId(objectId);
    this.deadline = requireNonNull(deadline, "deadline");
    if (objectId == null) {
      this.channel = channel;
    } else {
      Metadata headers = new Metadata();
      headers.put(Headers.OBJECT_ID, objectId);
      this.channel =
          ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    }
  }

  @Override
  public Object invoke(Method method, Object[] args) throws Throwable {
    MethodDescriptor<Object[], Object> descriptor = binding.method(method);
    if (descriptor == null) {
      throw new IllegalArgumentException(method + " is not a remote method of " + binding.schema());
    }
    CallOptions options =
        CallOptions.DEFAULT.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
    try {
      return ClientCalls.blockingUnaryCall(channel, descriptor, options, args);
    } catch (StatusRuntimeException e) {
      throw Failures.toException(e, method, descriptor.getFullMethodName() + describeTarget());
    }
  }

  /** The same target with another deadline. */
  public GrpcRequestor withDeadline(Duration newDeadline) {
    return new GrpcRequestor(binding, baseChannel, target, objectId, newDeadline);
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

  private String describeTarget() {
    return (objectId == null ? "" : "[" + objectId + "]") + " at " + target;
  }
}
