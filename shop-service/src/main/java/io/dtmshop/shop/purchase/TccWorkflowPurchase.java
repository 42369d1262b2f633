package io.dtmshop.shop.purchase;

import io.dtmshop.dtm.workflow.Workflow;
import io.dtmshop.proto.order.v1.OrderServiceGrpc;
import io.dtmshop.proto.payment.v1.PaymentServiceGrpc;
import io.dtmshop.proto.stock.v1.StockServiceGrpc;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Workflow, TCC style: the TCC purchase's Try, Confirm and Cancel, run by the shop.
 *
 * <pre>
 *   branch 01  TryDeductStock   commit: ConfirmDeductStock   rollback: CancelDeductStock
 *   branch 02  TryCreateOrder   commit: ConfirmCreateOrder   rollback: CancelCreateOrder
 *   branch 03  TryPay           commit: ConfirmPay           rollback: CancelPay
 * </pre>
 *
 * The three Try calls are the workflow's actions, each recorded with DTM. When all three
 * reserved, the workflow succeeds and the Confirms run (last branch first); when one refuses, the
 * Cancels of the ones before it run. Each Confirm and Cancel is recorded too, so a workflow
 * resumed after a crash in phase 2 only repeats the ones that had not finished. The services'
 * handlers are the same as in TCC mode: the barrier sees op "action" for Try, "commit" for
 * Confirm and "rollback" for Cancel.
 */
@ApplicationScoped
@Startup
public class TccWorkflowPurchase extends WorkflowPurchase {

    public static final String MODE = "workflow-tcc";

    @Override
    public String mode() {
        return MODE;
    }

    @Override
    protected void run(Workflow wf, PurchaseOrder order) {
        tccBranch(wf, order.stockRequest(),
                branches.stock(StockServiceGrpc.getTryDeductStockMethod()),
                branches.stock(StockServiceGrpc.getConfirmDeductStockMethod()),
                branches.stock(StockServiceGrpc.getCancelDeductStockMethod()));
        tccBranch(wf, order.createOrderRequest(),
                branches.order(OrderServiceGrpc.getTryCreateOrderMethod()),
                branches.order(OrderServiceGrpc.getConfirmCreateOrderMethod()),
                branches.order(OrderServiceGrpc.getCancelCreateOrderMethod()));
        tccBranch(wf, order.paymentRequest(),
                branches.payment(PaymentServiceGrpc.getTryPayMethod()),
                branches.payment(PaymentServiceGrpc.getConfirmPayMethod()),
                branches.payment(PaymentServiceGrpc.getCancelPayMethod()));
    }
}
