package io.dtmshop.gateway.client;

import io.dtmshop.gateway.config.GatewayConfig;
import io.dtmshop.proto.stock.v1.GetProductRequest;
import io.dtmshop.proto.stock.v1.Product;
import io.dtmshop.proto.stock.v1.StockAudit;
import io.dtmshop.proto.stock.v1.StockAuditRequest;
import io.dtmshop.proto.stock.v1.StockServiceGrpc;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/** stock-service: products and their stock. */
@ApplicationScoped
public class StockClient {

    @GrpcClient("stock")
    Channel channel;

    @ConfigProperty(name = "quarkus.grpc.clients.stock.host")
    String service;

    @Inject
    GatewayConfig config;

    /** The consistency audit's figures: the stock of these products, or of every product when empty. */
    public StockAudit audit(List<Long> productIds) {
        StockAuditRequest request = StockAuditRequest.newBuilder().addAllProductIds(productIds).build();
        return UnaryCalls.call(service, StockServiceGrpc.newFutureStub(channel), config.readTimeout(),
                UnaryCalls.Repeat.READ, stub -> stub.auditStock(request));
    }

    public Product getProduct(long productId) {
        GetProductRequest request = GetProductRequest.newBuilder().setProductId(productId).build();
        return UnaryCalls.call(service, StockServiceGrpc.newFutureStub(channel), config.readTimeout(),
                UnaryCalls.Repeat.READ, stub -> stub.getProduct(request));
    }
}
