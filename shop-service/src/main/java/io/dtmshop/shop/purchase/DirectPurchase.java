package io.dtmshop.shop.purchase;

import io.dtmshop.proto.order.v1.OrderBaselineGrpc;
import io.dtmshop.proto.payment.v1.PaymentBaselineGrpc;
import io.dtmshop.proto.shop.v1.PurchaseReply;
import io.dtmshop.proto.stock.v1.StockBaselineGrpc;
import io.dtmshop.shop.config.PurchaseConfig;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.concurrent.TimeUnit;

/**
 * Benchmark baseline {@code direct}, not a DTM mode: the purchase as you would write it without
 * DTM - three plain gRPC calls, stock deduction, order creation, payment - stopping at the first
 * one that fails, <b>with no compensation</b> and no barrier.
 *
 * <p>It is not consistent, and it is here only to show what the modes cost: a refused payment
 * leaves the stock deducted and the order CREATED but unpaid; a call that times out may still have
 * committed, and nobody finds out; a retried call would deduct or pay twice. When all three
 * succeed, the rows look exactly like a SAGA's (order CREATED, payment PAID, a DEDUCT stock log).
 */
@ApplicationScoped
public class DirectPurchase {

    public static final String MODE = "direct";
    private static final Logger LOG = Logger.getLogger(DirectPurchase.class);

    @Inject
    PurchaseConfig config;

    @GrpcClient("stock")
    StockBaselineGrpc.StockBaselineBlockingStub stock;
    @GrpcClient("order")
    OrderBaselineGrpc.OrderBaselineBlockingStub orders;
    @GrpcClient("payment")
    PaymentBaselineGrpc.PaymentBaselineBlockingStub payment;

    public PurchaseReply purchase(PurchaseOrder order) {
        LOG.infof("order=%s direct purchase: %s", order.orderNo(), order.summary());
        String done = "nothing was written";
        try {
            deadline(stock).deductStock(order.stockRequest());
            done = "the stock stays deducted";
            deadline(orders).createOrder(order.createOrderRequest());
            done = "the stock stays deducted and the order CREATED";
            deadline(payment).pay(order.paymentRequest());
        } catch (StatusRuntimeException e) {
            Status status = e.getStatus();
            if (status.getCode() == Status.Code.ABORTED) {
                LOG.infof("order=%s direct purchase refused: %s; %s", order.orderNo(), status.getDescription(), done);
                return PurchaseOutcome.withoutDtm(order, MODE, PurchaseOutcome.FAILED,
                        "refused: " + status.getDescription() + "; not compensated: " + done);
            }
            // Unreachable, or no answer in time (the call may still have committed): nothing to
            // retry or undo without DTM, so say what is known and leave it.
            throw Status.UNAVAILABLE.withDescription("direct purchase stopped (" + status.getCode() + " "
                    + status.getDescription() + "); not compensated, at least: " + done).asRuntimeException();
        }
        return PurchaseOutcome.withoutDtm(order, MODE, PurchaseOutcome.SUCCEED, "purchase committed");
    }

    private <S extends AbstractStub<S>> S deadline(S stub) {
        return stub.withDeadlineAfter(config.branchTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
}
