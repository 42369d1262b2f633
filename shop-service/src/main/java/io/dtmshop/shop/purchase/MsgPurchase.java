package io.dtmshop.shop.purchase;

import io.dtmshop.dtm.DtmGrpcClient;
import io.dtmshop.dtm.MsgGrpc;
import io.dtmshop.proto.order.v1.OrderServiceGrpc;
import io.dtmshop.proto.shop.v1.PurchaseReply;
import io.dtmshop.proto.stock.v1.StockServiceGrpc;
import io.dtmshop.shop.config.PurchaseConfig;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.concurrent.TimeUnit;

/**
 * 2-phase message: a local transaction and a message that DTM delivers exactly when that local
 * transaction committed.
 * <ol>
 * <li>Prepare: DTM records the message (CreateOrder) but does not send it yet.</li>
 * <li>The local step: stock-service deducts the stock in its own database, together with a barrier
 *     row for this gid (op "msg") - one local transaction.</li>
 * <li>Submit: DTM delivers CreateOrder, retrying until order-service accepts it.</li>
 * </ol>
 * A message branch cannot roll back - DTM retries it forever - so the step that can fail (not
 * enough stock) must be the local one: then the shop aborts the message and nothing is created.
 * If the shop dies between steps 2 and 3, DTM asks stock-service's QueryPrepared whether the local
 * step committed (it reads the barrier row) and submits or aborts the message itself.
 * <p>
 * This purchase places the order unpaid (status UNPAID): payment is the next business step, not part
 * of it.
 */
@ApplicationScoped
public class MsgPurchase {

    public static final String MODE = "2pm";
    private static final Logger LOG = Logger.getLogger(MsgPurchase.class);

    @Inject
    DtmGrpcClient dtm;
    @Inject
    Branches branches;
    @Inject
    PurchaseConfig config;
    @GrpcClient("stock")
    StockServiceGrpc.StockServiceBlockingStub stock;

    public PurchaseReply purchase(PurchaseOrder order) {
        MsgGrpc msg = dtm.newMsg(order.gid())
                .add(branches.order(OrderServiceGrpc.getCreateOrderMethod()), order.unpaidOrderRequest())
                .waitResult(true);

        LOG.infof("gid=%s 2pm purchase: user %d buys %d x product %d", order.gid(), order.userId(),
                order.quantity(), order.productId());
        try {
            // The local step runs in stock-service: it receives this message's barrier
            // (gid, branch "00", op "msg") as dtm-* metadata, with the branch token, and inserts it
            // with the deduction.
            msg.doAndSubmit(branches.stock(StockServiceGrpc.getQueryPreparedMethod()), barrier ->
                    stock.withInterceptors(msg.attach(barrier))
                            .withDeadlineAfter(config.branchTimeout().toMillis(), TimeUnit.MILLISECONDS)
                            .deductStock(order.stockRequest()));
        } catch (RuntimeException e) {
            // A local step that refused aborts the message (failed); one whose outcome is unknown is
            // settled by DTM through the back-check (submitted).
            PurchaseReply reply = PurchaseOutcome.of(order, MODE, e);
            LOG.infof("gid=%s 2pm %s: %s", order.gid(), reply.getStatus(), reply.getMessage());
            return reply;
        }
        LOG.infof("gid=%s 2pm succeeded", order.gid());
        return PurchaseOutcome.succeed(order, MODE);
    }
}
