package io.dtmshop.stock.grpc;

import io.dtmshop.dtm.BranchOps;
import io.dtmshop.proto.stock.v1.StockServiceGrpc;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import static io.dtmshop.dtm.BranchOp.MSG_LOCAL;
import static io.dtmshop.dtm.BranchOp.SAGA_ACTION;
import static io.dtmshop.dtm.BranchOp.SAGA_COMPENSATE;
import static io.dtmshop.dtm.BranchOp.TCC_CANCEL;
import static io.dtmshop.dtm.BranchOp.TCC_CONFIRM;
import static io.dtmshop.dtm.BranchOp.TCC_TRY;
import static io.dtmshop.dtm.BranchOp.WORKFLOW_ACTION;
import static io.dtmshop.dtm.BranchOp.WORKFLOW_COMMIT;
import static io.dtmshop.dtm.BranchOp.WORKFLOW_ROLLBACK;
import static io.dtmshop.dtm.BranchOp.XA_ACTION;
import static io.dtmshop.dtm.BranchOp.XA_COMMIT;
import static io.dtmshop.dtm.BranchOp.XA_ROLLBACK;

/**
 * Which (trans type, op) pairs each branch method of stock.v1.StockService serves; the branch
 * interceptor refuses any other (dtm-branch-service's DtmBranchInterceptor). Read off the shop's
 * modes: DeductStock is the SAGA action, the 2-phase message's local step and a workflow action;
 * RefundStock its compensation; the TCC trio also runs as workflow steps; XaDeductStock serves
 * both XA phases, under DTM (xa) and in a workflow; QueryPrepared is DTM's back-check of the message.
 */
public class StockBranchOps {

    @Produces
    @Singleton
    BranchOps branchOps() {
        return new BranchOps()
                .method(StockServiceGrpc.getDeductStockMethod()).starts(SAGA_ACTION, MSG_LOCAL, WORKFLOW_ACTION)
                .method(StockServiceGrpc.getRefundStockMethod()).finishes(SAGA_COMPENSATE, WORKFLOW_ROLLBACK)
                .method(StockServiceGrpc.getTryDeductStockMethod()).starts(TCC_TRY, WORKFLOW_ACTION)
                .method(StockServiceGrpc.getConfirmDeductStockMethod()).finishes(TCC_CONFIRM, WORKFLOW_COMMIT)
                .method(StockServiceGrpc.getCancelDeductStockMethod()).finishes(TCC_CANCEL, WORKFLOW_ROLLBACK)
                .method(StockServiceGrpc.getXaDeductStockMethod()).starts(XA_ACTION, WORKFLOW_ACTION)
                        .finishes(XA_COMMIT, XA_ROLLBACK, WORKFLOW_COMMIT, WORKFLOW_ROLLBACK)
                .method(StockServiceGrpc.getQueryPreparedMethod()).finishes(MSG_LOCAL)
                .done();
    }
}
