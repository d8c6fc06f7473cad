package org.remoting.runtime.internal.server;

import static java.util.Objects.requireNonNull;

import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import java.util.HashMap;
import java.util.Map;
import org.remoting.lifecycle.LifecycleManager;
import org.remoting.lifecycle.ServantPolicy;
import org.remoting.runtime.internal.metrics.ServerMetrics;
import org.remoting.runtime.internal.schema.InterfaceSchema;
import org.remoting.runtime.internal.schema.MethodSchema;
import org.remoting.runtime.internal.wire.CodecMarshaller;
import org.remoting.runtime.internal.wire.Failures;
import org.remoting.runtime.internal.wire.Failures.Failure;
import org.remoting.runtime.internal.wire.RequestMarshaller;

/**
 * One exported remote interface on a server: its schema, the lifecycle manager of its default
 * object, and the gRPC service definition whose handlers are the {@link MethodInvoker}s, each
 * timed by its method's timers from {@code metrics}.
 */
public final class ExportedService {
  private final InterfaceSchema schema;
  private final ServantPolicy policy;
  private final ServantRegistry objects;
  private final AccessControl access;
  private final ServerServiceDefinition definition;
  private final Map<String, MethodInvoker> invokers = new HashMap<>();
  private final java.util.concurrent.Executor userCode;

  /**
   * @param userCode where the invoker runs servant code that reacts to a call's cancellation
   *     (a returned poll object's {@code cancel()}): never the thread that cancels, which may be
   *     a transport thread
   */
  public ExportedService(
      InterfaceSchema schema,
      ServantPolicy policy,
      ServantRegistry objects,
      AccessControl access,
      ServerMetrics metrics,
      java.util.concurrent.Executor userCode) {
    this.userCode = requireNonNull(userCode, "userCode");
    this.schema = requireNonNull(schema, "schema");
    this.policy = requireNonNull(policy, "policy");
    this.objects = requireNonNull(objects, "objects");
    this.access = requireNonNull(access, "access");
    io.grpc.ServiceDescriptor.Builder service =
        io.grpc.ServiceDescriptor.newBuilder(schema.serviceName())
            .setSchemaDescriptor(new SchemaSupplier(schema.service(), null));
    java.util.List<MethodDescriptor<Object, Object>> descriptors = new java.util.ArrayList<>();
    java.util.List<MethodInvoker> handlers = new java.util.ArrayList<>();
    for (MethodSchema method : schema.methods()) {
      RequestMarshaller requestMarshaller = new RequestMarshaller(method.requestCodec());
      CodecMarshaller<Object> responseMarshaller = new CodecMarshaller<>(method.responseCodec());
      MethodDescriptor<Object, Object> descriptor =
          MethodDescriptor.<Object, Object>newBuilder()
              .setType(MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(method.fullMethodName())
              .setRequestMarshaller(requestMarshaller)
              .setResponseMarshaller(responseMarshaller)
              .setSchemaDescriptor(new SchemaSupplier(schema.service(), method.descriptor()))
              .build();
      MethodInvoker invoker =
          new MethodInvoker(
              this,
              method,
              requestMarshaller,
              responseMarshaller,
              metrics.calls(schema.serviceName(), method.name()));
      invokers.put(method.fullMethodName(), invoker);
      service.addMethod(descriptor);
      descriptors.add(descriptor);
      handlers.add(invoker);
    }
    ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(service.build());
    for (int i = 0; i < descriptors.size(); i++) {
      builder.addMethod(descriptors.get(i), handlers.get(i));
    }
    this.definition = builder.build();
  }

  public String serviceName() {
    return schema.serviceName();
  }

  public InterfaceSchema schema() {
    return schema;
  }

  public ServantPolicy policy() {
    return policy;
  }

  public ServerServiceDefinition definition() {
    return definition;
  }

  /** Where servant code that reacts to a call's cancellation runs. */
  java.util.concurrent.Executor userCode() {
    return userCode;
  }

  /**
   * The full names of the methods that may run on the thread that delivers the request when the
   * service has {@code executor = direct}: all but those returning a {@code PollObject}, which
   * the invoker waits for after the servant returns.
   */
  public java.util.Set<String> directMethods() {
    java.util.Set<String> names = new java.util.HashSet<>();
    for (MethodSchema method : schema.methods()) {
      if (method.callStyle() != org.remoting.invocation.CallStyle.POLL_OBJECT) {
        names.add(method.fullMethodName());
      }
    }
    return names;
  }

  /** The invoker of each method, by gRPC full method name. */
  Map<String, MethodInvoker> invokers() {
    return invokers;
  }

  /**
   * The protobuf descriptors of a service or method, where grpc-java's reflection service looks
   * for them, so {@code grpcurl} and other reflection clients can discover the service.
   */
  private static final class SchemaSupplier
      implements io.grpc.protobuf.ProtoServiceDescriptorSupplier,
          io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final com.google.protobuf.Descriptors.ServiceDescriptor service;
    private final com.google.protobuf.Descriptors.MethodDescriptor method;

    SchemaSupplier(
        com.google.protobuf.Descriptors.ServiceDescriptor service,
        com.google.protobuf.Descriptors.MethodDescriptor method) {
      this.service = service;
      this.method = method;
    }

    @Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return service.getFile();
    }

    @Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return service;
    }

    @Override
    public com.google.protobuf.Descriptors.MethodDescriptor getMethodDescriptor() {
      return method;
    }
  }

  /** Why a call for {@code objectId} found no object: the message the client sees. */
  String noSuchObject(String objectId) {
    if (objectId == null) {
      return "service " + serviceName() + " has no default object: its objects are "
          + policy.lifecycle().configName() + " and addressed by id; look one up with"
          + " client.lookup(" + schema.type().getSimpleName() + ".class, id)";
    }
    return "no object with id '" + objectId + "' in service " + serviceName();
  }

  /**
   * Registers the service's meters: its objects' gauges and counters, and the timer of each
   * method's successful calls (the others appear with their first call).
   */
  public void bindMeters(ServerMetrics metrics) {
    objects.bindMeters(metrics, serviceName());
    for (MethodInvoker invoker : invokers.values()) {
      invoker.timers().registerOk();
    }
  }

  /** The service's objects. */
  public ServantRegistry objects() {
    return objects;
  }

  /**
   * Why {@code caller} may not call {@code method} on object {@code objectId}: the access policy
   * denies it, or the object is bound to another client; null when the call may go on.
   */
  Failure denial(Caller caller, MethodSchema method, String objectId) {
    Failure denied = access.check(caller, serviceName(), method.name(), objectId);
    if (denied != null) {
      return denied;
    }
    String notYours = objectId == null ? null : objects.denial(objectId, caller);
    return notYours == null ? null : Failures.of(Failures.Kind.ACCESS_DENIED, notYours);
  }

  /**
   * The lifecycle manager of the object a call addresses, or {@code null} when there is none.
   * {@code objectId == null} addresses the default object.
   */
  LifecycleManager<Object> resolve(String objectId) {
    return objects.resolve(objectId);
  }
}
