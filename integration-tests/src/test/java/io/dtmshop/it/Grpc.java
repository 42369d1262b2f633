package io.dtmshop.it;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;

import java.util.concurrent.TimeUnit;

/** Plain gRPC channels to an instance Consul lists, for tests that call a service or DTM directly. */
public final class Grpc {

    private Grpc() {
    }

    public static ManagedChannel channelTo(String service) {
        return ManagedChannelBuilder.forTarget(Consul.address(service)).usePlaintext().build();
    }

    public static void close(ManagedChannel channel) throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
