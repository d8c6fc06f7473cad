package org.remoting.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What a foreign gRPC client sees: server reflection and the standard health service. */
class InteropIntegrationTest {
  @RegisterExtension final RemotingCleanup cleanup = new RemotingCleanup();

  private ManagedChannel channelTo(RemotingCleanup.Started started) {
    return cleanup.rawChannel(started);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void reflectionListsTheServiceAndServesItsDescriptor(Transport transport) throws Exception {
    RemotingCleanup.Started started =
        cleanup.start(transport, b -> b.export(Bank.class, BankServant.class));
    ManagedChannel channel = channelTo(started);

    ServerReflectionResponse services =
        reflect(channel, ServerReflectionRequest.newBuilder().setListServices("").build());
    List<String> names =
        services.getListServicesResponse().getServiceList().stream()
            .map(ServiceResponse::getName)
            .collect(Collectors.toList());
    assertTrue(names.contains("test.Bank"), names.toString());

    ServerReflectionResponse file =
        reflect(
            channel,
            ServerReflectionRequest.newBuilder().setFileContainingSymbol("test.Bank").build());
    List<FileDescriptorProto> files = new ArrayList<>();
    for (ByteString bytes : file.getFileDescriptorResponse().getFileDescriptorProtoList()) {
      files.add(FileDescriptorProto.parseFrom(bytes));
    }
    ServiceDescriptorProto bank =
        files.stream()
            .flatMap(f -> f.getServiceList().stream())
            .filter(s -> s.getName().equals("Bank"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no service Bank in " + files));
    List<String> methods =
        bank.getMethodList().stream().map(m -> m.getName()).collect(Collectors.toList());
    assertTrue(methods.containsAll(List.of("withdraw", "balance", "fail", "slow")), methods.toString());
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void healthServiceReportsServingForEachService(Transport transport) throws Exception {
    RemotingCleanup.Started started =
        cleanup.start(transport, b -> b.export(Bank.class, BankServant.class));
    HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channelTo(started));
    assertEquals(
        HealthCheckResponse.ServingStatus.SERVING,
        health.check(HealthCheckRequest.newBuilder().setService("test.Bank").build()).getStatus());
    assertEquals(
        HealthCheckResponse.ServingStatus.SERVING,
        health.check(HealthCheckRequest.getDefaultInstance()).getStatus());
    StatusRuntimeException unknown =
        assertThrows(
            StatusRuntimeException.class,
            () -> health.check(HealthCheckRequest.newBuilder().setService("test.Nope").build()));
    assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
  }

  @org.junit.jupiter.api.Test
  void protoPrintsTheServiceAndTheTypesItUses() {
    String proto = Remoting.proto(Styles.class);
    assertTrue(proto.contains("service Styles {"), proto);
    assertTrue(
        proto.contains("rpc add(.test.StylesAddRequest) returns (.test.StylesAddResponse);"), proto);
    assertTrue(proto.contains("package test;"), proto);
  }

  @org.junit.jupiter.api.Test
  void protoFilesAreKeptApartByImportPathWithReferencesToo() {
    java.util.Map<String, String> files = Remoting.protoFiles(Shop.class);
    assertEquals(
        java.util.List.of("test/Shop.proto", "remoting/RemoteRef.proto"),
        java.util.List.copyOf(files.keySet()));
    assertTrue(files.get("test/Shop.proto").contains("import \"remoting/RemoteRef.proto\";"),
        files.get("test/Shop.proto"));
    assertTrue(files.get("remoting/RemoteRef.proto").contains("message RemoteRef {"));
    assertTrue(Remoting.proto(Shop.class).startsWith("// test/Shop.proto\n"));
  }

  private static ServerReflectionResponse reflect(
      ManagedChannel channel, ServerReflectionRequest request) throws Exception {
    CompletableFuture<ServerReflectionResponse> response = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> requests =
        ServerReflectionGrpc.newStub(channel)
            .serverReflectionInfo(
                new StreamObserver<>() {
                  @Override
                  public void onNext(ServerReflectionResponse value) {
                    response.complete(value);
                  }

                  @Override
                  public void onError(Throwable t) {
                    response.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {}
                });
    requests.onNext(request);
    requests.onCompleted();
    return response.get(10, TimeUnit.SECONDS);
  }
}
