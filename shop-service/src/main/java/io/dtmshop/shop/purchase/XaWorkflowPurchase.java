package io.dtmshop.shop.purchase;

import io.dtmshop.dtm.workflow.Workflow;
import io.dtmshop.proto.order.v1.OrderServiceGrpc;
import io.dtmshop.proto.payment.v1.PaymentServiceGrpc;
import io.dtmshop.proto.stock.v1.StockServiceGrpc;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Workflow of XA branches: each service prepares its writes in a database XA transaction, and the
 * workflow commits or rolls all of them back in its phase 2.
 *
 * <pre>
 *   branch 01  XaDeductStock  op action: XA START .. XA PREPARE   commit/rollback: XA COMMIT / XA ROLLBACK
 *   branch 02  XaCreateOrder  (the same)
 *   branch 03  XaPay          (the same)
 * </pre>
 *
 * The services' XA handlers are the XA mode's, called with trans_type "workflow": there the
 * workflow, not DTM, records the prepared branch, and calls the same method again with op
 * "commit" or "rollback" ({@code onFinish}). Go's {@code DoXa} runs the XA transaction in the
 * workflow's own process; here each service owns its database, so the shop only drives them.
 * Prepared rows stay locked until phase 2, as in XA mode; a service that dies keeps its prepared
 * branch in the database, and the workflow's phase 2 (or DTM resuming it) finishes it.
 */
@ApplicationScoped
@Startup
public class XaWorkflowPurchase extends WorkflowPurchase {

    public static final String MODE = "workflow-xa";

    @Override
    public String mode() {
        return MODE;
    }

    @Override
    protected void run(Workflow wf, PurchaseOrder order) {
        xaBranch(wf, order.stockRequest(), branches.stock(StockServiceGrpc.getXaDeductStockMethod()));
        xaBranch(wf, order.createOrderRequest(), branches.order(OrderServiceGrpc.getXaCreateOrderMethod()));
        xaBranch(wf, order.paymentRequest(), branches.payment(PaymentServiceGrpc.getXaPayMethod()));
    }
}
