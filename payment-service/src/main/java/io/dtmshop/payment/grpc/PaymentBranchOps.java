package io.dtmshop.payment.grpc;

import io.dtmshop.dtm.BranchOps;
import io.dtmshop.proto.payment.v1.PaymentServiceGrpc;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

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
 * Which (trans type, op) pairs each branch method of payment.v1.PaymentService serves; the branch
 * interceptor refuses any other. Pay is the SAGA action and a workflow action; Refund its
 * compensation; the TCC trio also runs as workflow steps (the mixed workflow's payment branch); XaPay
 * serves both XA phases, under DTM and in a workflow.
 */
public class PaymentBranchOps {

    @Produces
    @Singleton
    BranchOps branchOps() {
        return new BranchOps()
                .method(PaymentServiceGrpc.getPayMethod()).starts(SAGA_ACTION, WORKFLOW_ACTION)
                .method(PaymentServiceGrpc.getRefundMethod()).finishes(SAGA_COMPENSATE, WORKFLOW_ROLLBACK)
                .method(PaymentServiceGrpc.getTryPayMethod()).starts(TCC_TRY, WORKFLOW_ACTION)
                .method(PaymentServiceGrpc.getConfirmPayMethod()).finishes(TCC_CONFIRM, WORKFLOW_COMMIT)
                .method(PaymentServiceGrpc.getCancelPayMethod()).finishes(TCC_CANCEL, WORKFLOW_ROLLBACK)
                .method(PaymentServiceGrpc.getXaPayMethod()).starts(XA_ACTION, WORKFLOW_ACTION)
                        .finishes(XA_COMMIT, XA_ROLLBACK, WORKFLOW_COMMIT, WORKFLOW_ROLLBACK)
                .done();
    }
}
