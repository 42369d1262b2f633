package io.dtmshop.shop.purchase;

import io.dtmshop.dtm.workflow.Workflow;
import io.dtmshop.proto.order.v1.OrderServiceGrpc;
import io.dtmshop.proto.payment.v1.PaymentServiceGrpc;
import io.dtmshop.proto.stock.v1.StockServiceGrpc;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Workflow, saga style: the SAGA purchase's three actions and compensations, but run by the shop
 * itself instead of by DTM.
 *
 * <pre>
 *   branch 01  DeductStock   rollback: RefundStock
 *   branch 02  CreateOrder   rollback: RefundOrder
 *   branch 03  Pay           rollback: Refund
 * </pre>
 *
 * Each branch ({@code sagaBranch}) first names its compensation ({@code onRollback}), then runs its
 * action. DTM records
 * every action's outcome as it happens. An action that refuses (not enough stock or money) makes
 * the workflow fail: the compensations of the branches before it run, last first, and the
 * workflow is submitted as failed. Should the shop die half-way, DTM calls the workflow back
 * (see {@code WorkflowGrpcService}); it runs again from the top, the recorded actions return their
 * record without being called, and it goes on from the first unrecorded one.
 */
@ApplicationScoped
@Startup
public class SagaWorkflowPurchase extends WorkflowPurchase {

    public static final String MODE = "workflow-saga";

    @Override
    public String mode() {
        return MODE;
    }

    @Override
    protected void run(Workflow wf, PurchaseOrder order) {
        sagaBranch(wf, order.stockRequest(), branches.stock(StockServiceGrpc.getDeductStockMethod()),
                branches.stock(StockServiceGrpc.getRefundStockMethod()));
        sagaBranch(wf, order.createOrderRequest(), branches.order(OrderServiceGrpc.getCreateOrderMethod()),
                branches.order(OrderServiceGrpc.getRefundOrderMethod()));
        sagaBranch(wf, order.paymentRequest(), branches.payment(PaymentServiceGrpc.getPayMethod()),
                branches.payment(PaymentServiceGrpc.getRefundMethod()));
    }
}
