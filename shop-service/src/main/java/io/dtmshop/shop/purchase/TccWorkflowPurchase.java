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
        wf.newBranch()
                .onCommit(bb -> wf.callBranch(order.stockRequest(),
                        branches.stock(StockServiceGrpc.getConfirmDeductStockMethod())))
                .onRollback(bb -> wf.callBranch(order.stockRequest(),
                        branches.stock(StockServiceGrpc.getCancelDeductStockMethod())));
        wf.callBranch(order.stockRequest(), branches.stock(StockServiceGrpc.getTryDeductStockMethod()));

        wf.newBranch()
                .onCommit(bb -> wf.callBranch(order.createOrderRequest(),
                        branches.order(OrderServiceGrpc.getConfirmCreateOrderMethod())))
                .onRollback(bb -> wf.callBranch(order.createOrderRequest(),
                        branches.order(OrderServiceGrpc.getCancelCreateOrderMethod())));
        wf.callBranch(order.createOrderRequest(), branches.order(OrderServiceGrpc.getTryCreateOrderMethod()));

        wf.newBranch()
                .onCommit(bb -> wf.callBranch(order.paymentRequest(),
                        branches.payment(PaymentServiceGrpc.getConfirmPayMethod())))
                .onRollback(bb -> wf.callBranch(order.paymentRequest(),
                        branches.payment(PaymentServiceGrpc.getCancelPayMethod())));
        wf.callBranch(order.paymentRequest(), branches.payment(PaymentServiceGrpc.getTryPayMethod()));
    }
}
