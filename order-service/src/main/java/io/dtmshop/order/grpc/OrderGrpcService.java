package io.dtmshop.order.grpc;

import io.dtmshop.dtm.BranchCalls;
import io.dtmshop.dtmbranch.OwnOrder;
import io.dtmshop.order.service.OrderService;
import io.dtmshop.proto.order.v1.CreateOrderRequest;
import io.dtmshop.proto.order.v1.GetOrderRequest;
import io.dtmshop.proto.order.v1.Order;
import io.dtmshop.proto.order.v1.OrderAudit;
import io.dtmshop.proto.order.v1.OrderAuditRequest;
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
        BranchCalls.handle("CreateOrder", request, response, OwnOrder.checked(request.getOrderNo(),
                barrier -> OrderMapper.toReply(request.getOrderNo(),
                orderService.create(barrier, OrderMapper.toEntity(request),
                        request.getAwaitingPayment()))));
    }

    @Override
    @Blocking
    public void refundOrder(CreateOrderRequest request, StreamObserver<OrderReply> response) {
        BranchCalls.handle("RefundOrder", request, response, OwnOrder.checked(request.getOrderNo(),
                barrier -> OrderMapper.toReply(request.getOrderNo(),
                orderService.cancel(barrier, request.getOrderNo()))));
    }

    @Override
    @Blocking
    public void tryCreateOrder(CreateOrderRequest request, StreamObserver<OrderReply> response) {
        BranchCalls.handle("TryCreateOrder", request, response, OwnOrder.checked(request.getOrderNo(),
                barrier -> OrderMapper.toReply(request.getOrderNo(),
                orderService.tryCreate(barrier, OrderMapper.toEntity(request)))));
    }

    @Override
    @Blocking
    public void confirmCreateOrder(CreateOrderRequest request, StreamObserver<OrderReply> response) {
        BranchCalls.handle("ConfirmCreateOrder", request, response, OwnOrder.checked(request.getOrderNo(),
                barrier -> OrderMapper.toReply(request.getOrderNo(),
                orderService.confirmCreate(barrier, request.getOrderNo()))));
    }

    @Override
    @Blocking
    public void cancelCreateOrder(CreateOrderRequest request, StreamObserver<OrderReply> response) {
        BranchCalls.handle("CancelCreateOrder", request, response, OwnOrder.checked(request.getOrderNo(),
                barrier -> OrderMapper.toReply(request.getOrderNo(),
                orderService.cancelCreate(barrier, request.getOrderNo()))));
    }

    /**
     * One method for both XA phases: the op in the metadata tells an action from DTM's commit or
     * rollback, whose request is empty (so is the reply's order_no then).
     */
    @Override
    @Blocking
    public void xaCreateOrder(CreateOrderRequest request, StreamObserver<OrderReply> response) {
        BranchCalls.handle("XaCreateOrder", request, response, OwnOrder.checked(request.getOrderNo(),
                barrier -> OrderMapper.toReply(request.getOrderNo(),
                orderService.xaCreate(request.getOrderNo(), request.getUserId(), request.getProductId(),
                        request.getQuantity(), request.getAmountCents()))));
    }

    @Override
    @Blocking
    public void auditOrders(OrderAuditRequest request, StreamObserver<OrderAudit> response) {
        response.onNext(OrderMapper.toAudit(orderService.audit(request.getProductIdsList(), request.getUserIdsList())));
        response.onCompleted();
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
