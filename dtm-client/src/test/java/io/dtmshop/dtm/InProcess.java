package io.dtmshop.dtm;

import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/** A real in-process gRPC server and a channel to it. */
final class InProcess implements AutoCloseable {

    static final MethodDescriptor.Marshaller<byte[]> BYTES = ChannelBranchInvoker.BYTES;

    final Server server;
    final ManagedChannel channel;

    private InProcess(Server server, ManagedChannel channel) {
        this.server = server;
        this.channel = channel;
    }

    static InProcess start(ServerServiceDefinition service, ServerInterceptor... interceptors) {
        String name = InProcessServerBuilder.generateName();
        try {
            Server server = InProcessServerBuilder.forName(name).directExecutor()
                    .addService(ServerInterceptors.intercept(service, interceptors)).build().start();
            ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
            return new InProcess(server, channel);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InProcess start(BindableService service, ServerInterceptor... interceptors) {
        return start(service.bindService(), interceptors);
    }

    static MethodDescriptor<byte[], byte[]> bytesMethod(String fullName) {
        return MethodDescriptor.<byte[], byte[]>newBuilder().setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(fullName).setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow();
        server.shutdownNow();
        channel.awaitTermination(5, TimeUnit.SECONDS);
        server.awaitTermination(5, TimeUnit.SECONDS);
    }
}
