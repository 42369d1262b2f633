package io.dtmshop.gateway.client;

import io.dtmshop.gateway.config.GatewayConfig;
import io.dtmshop.proto.stock.v1.GetProductRequest;
import io.dtmshop.proto.stock.v1.Product;
import io.dtmshop.proto.stock.v1.StockServiceGrpc;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** stock-service: products and their stock. */
@ApplicationScoped
public class StockClient {

    @GrpcClient("stock")
    Channel channel;

    @ConfigProperty(name = "quarkus.grpc.clients.stock.host")
    String service;

    @Inject
    GatewayConfig config;

    public Product getProduct(long productId) {
        GetProductRequest request = GetProductRequest.newBuilder().setProductId(productId).build();
        return UnaryCalls.call(service, StockServiceGrpc.newFutureStub(channel), config.readTimeout(),
                stub -> stub.getProduct(request));
    }
}
