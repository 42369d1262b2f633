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
 * XA: each service does its part in a database XA transaction and leaves it prepared - written,
 * locked, not yet visible - until DTM tells all of them to commit, or all to roll back.
 * <ol>
 * <li>Prepare: DTM records the transaction.</li>
 * <li>For each service, call its XA branch here (op "action"). The service runs
 *     {@code XA START}, its writes, registers the branch with DTM, {@code XA END},
 *     {@code XA PREPARE}. A branch that refuses (not enough stock or money) rolls its own work
 *     back and answers ABORTED.</li>
 * <li>All three prepared: Submit, and DTM calls each branch again with op "commit" -
 *     {@code XA COMMIT}. A branch failed: Abort, and DTM sends "rollback" - {@code XA ROLLBACK}.</li>
 * </ol>
 * Unlike TCC there is no business compensation to write: the database undoes the work. The price
 * is that prepared rows stay locked until phase 2, so a second purchase of the same product waits
 * for the first. A prepared branch survives a crash of its service (the database keeps it), and
 * DTM retries phase 2 until the service is back.
 */
@ApplicationScoped
public class XaPurchase {

    public static final String MODE = "xa";
    private static final Logger LOG = Logger.getLogger(XaPurchase.class);

    @Inject
    DtmGrpcClient dtm;
    @Inject
    Branches branches;

    public PurchaseReply purchase(PurchaseOrder order) {
        LOG.infof("gid=%s xa purchase: %s", order.gid(), order.summary());
        try {
            // waitResult: DTM commits (or rolls back) every branch before it answers Submit (or Abort).
            // A branch that cannot be reached aborts the purchase too (UnreachableBranch).
            dtm.xaGlobalTransaction(order.gid(), xa -> xa.waitResult(true), xa -> UnreachableBranch.failureOnAnyError(() -> {
                xa.callBranch(order.stockRequest(), branches.stock(StockServiceGrpc.getXaDeductStockMethod()));
                xa.callBranch(order.createOrderRequest(), branches.order(OrderServiceGrpc.getXaCreateOrderMethod()));
                xa.callBranch(order.paymentRequest(), branches.payment(PaymentServiceGrpc.getXaPayMethod()));
            }));
        } catch (RuntimeException e) {
            PurchaseReply reply = PurchaseOutcome.of(order, MODE, e);
            LOG.infof("gid=%s xa %s: %s", order.gid(), reply.getStatus(), reply.getMessage());
            return reply;
        }
        LOG.infof("gid=%s xa succeeded", order.gid());
        return PurchaseOutcome.succeed(order, MODE);
    }
}
