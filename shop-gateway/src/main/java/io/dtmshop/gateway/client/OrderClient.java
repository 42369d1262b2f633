package io.dtmshop.gateway.client;

import io.dtmshop.gateway.config.GatewayConfig;
import io.dtmshop.proto.order.v1.GetOrderRequest;
import io.dtmshop.proto.order.v1.Order;
import io.dtmshop.proto.order.v1.OrderServiceGrpc;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** order-service: the orders purchases placed. */
@ApplicationScoped
public class OrderClient {

    @GrpcClient("order")
    Channel channel;

    @ConfigProperty(name = "quarkus.grpc.clients.order.host")
    String service;

    @Inject
    GatewayConfig config;

    public Order getOrder(String orderNo) {
        GetOrderRequest request = GetOrderRequest.newBuilder().setOrderNo(orderNo).build();
        return UnaryCalls.call(service, OrderServiceGrpc.newFutureStub(channel), config.readTimeout(),
                stub -> stub.getOrder(request));
    }
}
