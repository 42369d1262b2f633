package io.dtmshop.gateway.client;

import io.dtmshop.gateway.config.GatewayConfig;
import io.dtmshop.proto.order.v1.GetOrderRequest;
import io.dtmshop.proto.order.v1.Order;
import io.dtmshop.proto.order.v1.OrderAudit;
import io.dtmshop.proto.order.v1.OrderAuditRequest;
import io.dtmshop.proto.order.v1.OrderServiceGrpc;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/** order-service: the orders purchases placed. */
@ApplicationScoped
public class OrderClient {

    @GrpcClient("order")
    Channel channel;

    @ConfigProperty(name = "quarkus.grpc.clients.order.host")
    String service;

    @Inject
    GatewayConfig config;

    /** The consistency audit's figures: the orders of these products or users (all when both are empty), summed up. */
    public OrderAudit audit(List<Long> productIds, List<Long> userIds) {
        OrderAuditRequest request = OrderAuditRequest.newBuilder().addAllProductIds(productIds)
                .addAllUserIds(userIds).build();
        return UnaryCalls.call(service, OrderServiceGrpc.newFutureStub(channel), config.readTimeout(),
                UnaryCalls.Repeat.READ, stub -> stub.auditOrders(request));
    }

    public Order getOrder(String orderNo) {
        GetOrderRequest request = GetOrderRequest.newBuilder().setOrderNo(orderNo).build();
        return UnaryCalls.call(service, OrderServiceGrpc.newFutureStub(channel), config.readTimeout(),
                UnaryCalls.Repeat.READ, stub -> stub.getOrder(request));
    }
}
