package io.dtmshop.shop.purchase;

import io.dtmshop.dtm.DtmGrpcClient;
import io.dtmshop.dtm.SagaGrpc;
import io.dtmshop.proto.order.v1.OrderServiceGrpc;
import io.dtmshop.proto.payment.v1.PaymentServiceGrpc;
import io.dtmshop.proto.shop.v1.PurchaseReply;
import io.dtmshop.proto.stock.v1.StockServiceGrpc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * SAGA: a purchase as three local transactions, each with a compensation.
 *
 * <pre>
 *   DeductStock   (compensate: RefundStock)
 *   CreateOrder   (compensate: RefundOrder)
 *   Pay           (compensate: Refund)
 * </pre>
 *
 * DTM calls the actions in order. When one answers ABORTED (not enough stock, not enough money),
 * DTM calls the compensations of the steps before it, in reverse, until each succeeds. Any other
 * error (a service down) is retried until the service is back: DTM does not give up on a saga.
 * Every action and compensation goes through the branch barrier in its service, so a retried call
 * applies once and a compensation of an action that never ran changes nothing.
 * <p>
 * {@code waitResult} makes DTM run the first round before it answers, so the shop can tell the
 * buyer "done" or "rolled back" at once in the usual case.
 */
@ApplicationScoped
public class SagaPurchase {

    public static final String MODE = "saga";
    private static final Logger LOG = Logger.getLogger(SagaPurchase.class);

    @Inject
    DtmGrpcClient dtm;
    @Inject
    Branches branches;

    public PurchaseReply purchase(PurchaseOrder order) {
        SagaGrpc saga = dtm.newSaga(order.gid())
                .add(branches.stock(StockServiceGrpc.getDeductStockMethod()),
                        branches.stock(StockServiceGrpc.getRefundStockMethod()), order.stockRequest())
                .add(branches.order(OrderServiceGrpc.getCreateOrderMethod()),
                        branches.order(OrderServiceGrpc.getRefundOrderMethod()), order.createOrderRequest())
                .add(branches.payment(PaymentServiceGrpc.getPayMethod()),
                        branches.payment(PaymentServiceGrpc.getRefundMethod()), order.paymentRequest())
                .waitResult(true);

        LOG.infof("gid=%s saga purchase: %s", order.gid(), order.summary());
        try {
            saga.submit();
        } catch (RuntimeException e) {
            PurchaseReply reply = PurchaseOutcome.of(order, MODE, e);
            LOG.infof("gid=%s saga %s: %s", order.gid(), reply.getStatus(), reply.getMessage());
            return reply;
        }
        LOG.infof("gid=%s saga succeeded", order.gid());
        return PurchaseOutcome.succeed(order, MODE);
    }
}
