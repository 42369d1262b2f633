package io.dtmshop.gateway.client;

import io.dtmshop.gateway.config.GatewayConfig;
import io.dtmshop.proto.shop.v1.PurchaseReply;
import io.dtmshop.proto.shop.v1.PurchaseRequest;
import io.dtmshop.proto.shop.v1.ShopBaselineGrpc;
import io.dtmshop.proto.shop.v1.ShopServiceGrpc;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** shop-service: runs a purchase as a DTM transaction and reports its outcome. */
@ApplicationScoped
public class ShopClient {

    @GrpcClient("shop")
    Channel channel;

    /** The Consul name the channel resolves, for error messages. */
    @ConfigProperty(name = "quarkus.grpc.clients.shop.host")
    String service;

    @Inject
    GatewayConfig config;

    public PurchaseReply purchase(PurchaseMode mode, PurchaseRequest request) {
        return UnaryCalls.call(service, ShopServiceGrpc.newFutureStub(channel), config.purchaseTimeout(),
                UnaryCalls.Repeat.WHEN_NOT_REACHED, stub -> mode.call(stub, request));
    }

    /** Benchmark baseline {@code direct}: three plain calls without DTM, not compensated. */
    public PurchaseReply purchaseDirect(PurchaseRequest request) {
        return UnaryCalls.call(service, ShopBaselineGrpc.newFutureStub(channel), config.purchaseTimeout(),
                UnaryCalls.Repeat.WHEN_NOT_REACHED, stub -> stub.purchaseDirect(request));
    }

    /** Benchmark baseline {@code local}: the same writes in one local database transaction. */
    public PurchaseReply purchaseLocal(PurchaseRequest request) {
        return UnaryCalls.call(service, ShopBaselineGrpc.newFutureStub(channel), config.purchaseTimeout(),
                UnaryCalls.Repeat.WHEN_NOT_REACHED, stub -> stub.purchaseLocal(request));
    }
}
