package io.dtmshop.order.grpc;

import io.dtmshop.dtmbranch.BaselineCalls;
import io.dtmshop.order.service.OrderService;
import io.dtmshop.proto.order.v1.CreateOrderRequest;
import io.dtmshop.proto.order.v1.OrderBaselineGrpc;
import io.dtmshop.proto.order.v1.OrderReply;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;

/**
 * order.v1.OrderBaseline: order creation without DTM and without the barrier, for the benchmark's
 * {@code direct} baseline only.
 */
@GrpcService
public class OrderBaselineGrpcService extends OrderBaselineGrpc.OrderBaselineImplBase {

    private final OrderService orderService;

    public OrderBaselineGrpcService(OrderService orderService) {
        this.orderService = orderService;
    }

    @Override
    @Blocking
    public void createOrder(CreateOrderRequest request, StreamObserver<OrderReply> response) {
        BaselineCalls.handle("OrderBaseline/CreateOrder", request, response, () -> OrderMapper.toReply(
                request.getOrderNo(), orderService.createWithoutBarrier(OrderMapper.toEntity(request))));
    }
}
