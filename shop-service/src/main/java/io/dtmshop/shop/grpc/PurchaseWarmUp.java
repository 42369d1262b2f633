package io.dtmshop.shop.grpc;

import io.dtmshop.consul.WarmUp;
import io.dtmshop.proto.shop.v1.PurchaseReply;
import io.dtmshop.proto.shop.v1.PurchaseRequest;
import io.dtmshop.proto.shop.v1.ShopServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * shop-service's warm-up before Consul lists it (consul-registration's {@link WarmUp}): a purchase
 * through its own gRPC server that the checkout refuses (0 units, INVALID_ARGUMENT) before it asks
 * anyone anything, so the gRPC server, its interceptors and the purchase entry point have run once.
 */
@ApplicationScoped
public class PurchaseWarmUp implements WarmUp {

    private static final Logger LOG = Logger.getLogger(PurchaseWarmUp.class);
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @ConfigProperty(name = "quarkus.grpc.server.port")
    int grpcPort;

    @Override
    public void run() {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        try {
            PurchaseReply reply = ShopServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                    .purchaseSaga(PurchaseRequest.newBuilder().setUserId(1).setProductId(1).setQuantity(0).build());
            // Warm all the same; tried again it would buy again.
            LOG.errorf("PurchaseSaga accepted the warm-up's 0 units: %s", reply.getMessage());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.INVALID_ARGUMENT) {
                throw e; // not listening yet: tried again
            }
        } finally {
            channel.shutdownNow();
        }
    }
}
