package io.dtmshop.shop.purchase;

import io.dtmshop.dtm.workflow.Workflow;
import io.dtmshop.proto.order.v1.OrderServiceGrpc;
import io.dtmshop.proto.payment.v1.PaymentServiceGrpc;
import io.dtmshop.proto.stock.v1.StockServiceGrpc;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Workflow mixing modes, each service in the one that suits it - what no single DTM transaction
 * type can do.
 *
 * <pre>
 *   branch 01  stock, saga:   DeductStock                   rollback: RefundStock
 *   branch 02  order, XA:     XaCreateOrder (prepared)      commit/rollback: XA COMMIT / XA ROLLBACK
 *   branch 03  payment, TCC:  TryPay (freeze)               commit: ConfirmPay   rollback: CancelPay
 * </pre>
 *
 * Stock is taken at once and given back if the purchase fails; the order is written but held in a
 * prepared XA transaction until the end; the money is only frozen until the end. On success the
 * commit callbacks run (ConfirmPay, then XA COMMIT; the saga branch has none); on failure the
 * rollback callbacks of the branches before the failed one, last first.
 */
@ApplicationScoped
@Startup
public class MixedWorkflowPurchase extends WorkflowPurchase {

    public static final String MODE = "workflow-mixed";

    @Override
    public String mode() {
        return MODE;
    }

    @Override
    protected void run(Workflow wf, PurchaseOrder order) {
        sagaBranch(wf, order.stockRequest(), branches.stock(StockServiceGrpc.getDeductStockMethod()),
                branches.stock(StockServiceGrpc.getRefundStockMethod()));
        xaBranch(wf, order.createOrderRequest(), branches.order(OrderServiceGrpc.getXaCreateOrderMethod()));
        tccBranch(wf, order.paymentRequest(),
                branches.payment(PaymentServiceGrpc.getTryPayMethod()),
                branches.payment(PaymentServiceGrpc.getConfirmPayMethod()),
                branches.payment(PaymentServiceGrpc.getCancelPayMethod()));
    }
}
