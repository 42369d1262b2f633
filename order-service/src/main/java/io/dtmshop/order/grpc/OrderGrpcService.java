package io.dtmshop.order.grpc;

import io.dtmshop.dtm.BranchCalls;
import io.dtmshop.order.service.OrderService;
import io.dtmshop.proto.order.v1.CreateOrderRequest;
import io.dtmshop.proto.order.v1.GetOrderRequest;
import io.dtmshop.proto.order.v1.Order;
import io.dtmshop.proto.order.v1.OrderReply;
import io.dtmshop.proto.order.v1.OrderServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;

/**
 * order.v1.OrderService. Handlers are {@link Blocking}: they run JDBC transactions, which must not
 * happen on the gRPC event loop.
 */
@GrpcService
public class OrderGrpcService extends OrderServiceGrpc.OrderServiceImplBase {

    private final OrderService orderService;

    public OrderGrpcService(OrderService orderService) {
        this.orderService = orderService;
    }

    @Override
    @Blocking
    public void createOrder(CreateOrderRequest request, StreamObserver<OrderReply> response) {
        BranchCalls.handle("CreateOrder", request, response, barrier -> OrderMapper.toReply(request.getOrderNo(),
                orderService.create(barrier, OrderMapper.toEntity(request))));
    }

    @Override
    @Blocking
    public void refundOrder(CreateOrderRequest request, StreamObserver<OrderReply> response) {
        BranchCalls.handle("RefundOrder", request, response, barrier -> OrderMapper.toReply(request.getOrderNo(),
                orderService.cancel(barrier, request.getOrderNo())));
    }

    @Override
    @Blocking
    public void getOrder(GetOrderRequest request, StreamObserver<Order> response) {
        orderService.findOrder(request.getOrderNo()).ifPresentOrElse(order -> {
            response.onNext(OrderMapper.toProto(order));
            response.onCompleted();
        }, () -> response.onError(Status.NOT_FOUND
                .withDescription("order " + request.getOrderNo() + " not found").asRuntimeException()));
    }
}
