package io.dtmshop.shop.purchase;

import io.dtmshop.dtm.DtmGrpcClient;
import io.dtmshop.proto.order.v1.OrderServiceGrpc;
import io.dtmshop.proto.payment.v1.PaymentServiceGrpc;
import io.dtmshop.proto.shop.v1.PurchaseReply;
import io.dtmshop.proto.stock.v1.StockServiceGrpc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * TCC: every service first reserves what the purchase needs (Try), and only when all three
 * reserved does DTM make it final (Confirm); otherwise DTM releases the reservations (Cancel).
 *
 * <pre>
 *   stock    Try: locked += q        Confirm: quantity -= q, locked -= q   Cancel: locked -= q
 *   order    Try: order PENDING      Confirm: CONFIRMED                     Cancel: CANCELLED
 *   payment  Try: frozen += amount   Confirm: balance -= a, frozen -= a    Cancel: frozen -= a
 * </pre>
 *
 * <ol>
 * <li>Prepare: DTM records the transaction.</li>
 * <li>For each service: register the branch's Confirm and Cancel with DTM, then call its Try
 *     here. A Try that refuses (not enough stock or money) answers ABORTED.</li>
 * <li>All three tried: Submit, and DTM calls every Confirm (retrying until each succeeds).
 *     A Try failed: Abort, and DTM calls the Cancel of every registered branch.</li>
 * </ol>
 * Nothing a Try reserved can be bought by anyone else, yet nothing is taken before Confirm: a
 * Cancel only gives up a reservation, it never adds stock or money back. Every Try, Confirm and
 * Cancel goes through the branch barrier, so a repeated call applies once, a Cancel whose Try
 * never arrived does nothing, and a Try arriving after its Cancel does nothing either. If the shop
 * dies before Submit, DTM cancels the transaction once it times out.
 */
@ApplicationScoped
public class TccPurchase {

    public static final String MODE = "tcc";
    private static final Logger LOG = Logger.getLogger(TccPurchase.class);

    @Inject
    DtmGrpcClient dtm;
    @Inject
    Branches branches;

    public PurchaseReply purchase(PurchaseOrder order) {
        LOG.infof("gid=%s tcc purchase: %s", order.gid(), order.summary());
        try {
            // waitResult: DTM runs the Confirms (or Cancels) before it answers Submit (or Abort).
            // A Try that cannot be reached aborts the purchase too (UnreachableBranch).
            dtm.tccGlobalTransaction(order.gid(), tcc -> tcc.waitResult(true), tcc -> UnreachableBranch.failureOnAnyError(() -> {
                tcc.callBranch(order.stockRequest(),
                        branches.stock(StockServiceGrpc.getTryDeductStockMethod()),
                        branches.stock(StockServiceGrpc.getConfirmDeductStockMethod()),
                        branches.stock(StockServiceGrpc.getCancelDeductStockMethod()));
                tcc.callBranch(order.createOrderRequest(),
                        branches.order(OrderServiceGrpc.getTryCreateOrderMethod()),
                        branches.order(OrderServiceGrpc.getConfirmCreateOrderMethod()),
                        branches.order(OrderServiceGrpc.getCancelCreateOrderMethod()));
                tcc.callBranch(order.paymentRequest(),
                        branches.payment(PaymentServiceGrpc.getTryPayMethod()),
                        branches.payment(PaymentServiceGrpc.getConfirmPayMethod()),
                        branches.payment(PaymentServiceGrpc.getCancelPayMethod()));
            }));
        } catch (RuntimeException e) {
            PurchaseReply reply = PurchaseOutcome.of(order, MODE, e);
            LOG.infof("gid=%s tcc %s: %s", order.gid(), reply.getStatus(), reply.getMessage());
            return reply;
        }
        LOG.infof("gid=%s tcc succeeded", order.gid());
        return PurchaseOutcome.succeed(order, MODE);
    }
}
