package io.dtmshop.order.grpc;

import io.dtmshop.dtm.BranchOps;
import io.dtmshop.proto.order.v1.OrderServiceGrpc;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import static io.dtmshop.dtm.BranchOp.MSG_ACTION;
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
 * Which (trans type, op) pairs each branch method of order.v1.OrderService serves; the branch
 * interceptor refuses any other. CreateOrder is the SAGA action, the 2-phase message's branch (DTM
 * delivers it with op action) and a workflow action; RefundOrder its compensation; the TCC trio also
 * runs as workflow steps; XaCreateOrder serves both XA phases, under DTM and in a workflow.
 */
public class OrderBranchOps {

    @Produces
    @Singleton
    BranchOps branchOps() {
        return new BranchOps()
                .method(OrderServiceGrpc.getCreateOrderMethod()).starts(SAGA_ACTION, MSG_ACTION, WORKFLOW_ACTION)
                .method(OrderServiceGrpc.getRefundOrderMethod()).finishes(SAGA_COMPENSATE, WORKFLOW_ROLLBACK)
                .method(OrderServiceGrpc.getTryCreateOrderMethod()).starts(TCC_TRY, WORKFLOW_ACTION)
                .method(OrderServiceGrpc.getConfirmCreateOrderMethod()).finishes(TCC_CONFIRM, WORKFLOW_COMMIT)
                .method(OrderServiceGrpc.getCancelCreateOrderMethod()).finishes(TCC_CANCEL, WORKFLOW_ROLLBACK)
                .method(OrderServiceGrpc.getXaCreateOrderMethod()).starts(XA_ACTION, WORKFLOW_ACTION)
                        .finishes(XA_COMMIT, XA_ROLLBACK, WORKFLOW_COMMIT, WORKFLOW_ROLLBACK)
                .done();
    }
}
