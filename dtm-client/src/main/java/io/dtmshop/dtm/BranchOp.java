package io.dtmshop.dtm;

/**
 * One (transaction type, op) pair a branch method serves, as DTM's {@code dtm-trans_type} and
 * {@code dtm-op} metadata name it. The constants are the pairs DTM v1.19.0 and dtm-client send.
 *
 * @param transType saga, msg, tcc, xa or workflow
 * @param op action, compensate, try, confirm, cancel, commit, rollback, msg - or, for a workflow's
 *        resume callback, the workflow's name (DTM's {@code dtmsvr/trans_type_workflow.go})
 */
public record BranchOp(String transType, String op) {

    public static final BranchOp SAGA_ACTION = new BranchOp(DtmConstants.TRANS_TYPE_SAGA, DtmConstants.OP_ACTION);
    public static final BranchOp SAGA_COMPENSATE = new BranchOp(DtmConstants.TRANS_TYPE_SAGA, DtmConstants.OP_COMPENSATE);
    /** A message's branch, which DTM delivers with op "action". */
    public static final BranchOp MSG_ACTION = new BranchOp(DtmConstants.TRANS_TYPE_MSG, DtmConstants.OP_ACTION);
    /** A message's local step (branch "00"), and DTM's back-check of it (QueryPrepared). */
    public static final BranchOp MSG_LOCAL = new BranchOp(DtmConstants.TRANS_TYPE_MSG, DtmConstants.MSG_DO_OP);
    public static final BranchOp TCC_TRY = new BranchOp(DtmConstants.TRANS_TYPE_TCC, DtmConstants.OP_TRY);
    public static final BranchOp TCC_CONFIRM = new BranchOp(DtmConstants.TRANS_TYPE_TCC, DtmConstants.OP_CONFIRM);
    public static final BranchOp TCC_CANCEL = new BranchOp(DtmConstants.TRANS_TYPE_TCC, DtmConstants.OP_CANCEL);
    public static final BranchOp XA_ACTION = new BranchOp(DtmConstants.TRANS_TYPE_XA, DtmConstants.OP_ACTION);
    public static final BranchOp XA_COMMIT = new BranchOp(DtmConstants.TRANS_TYPE_XA, DtmConstants.OP_COMMIT);
    public static final BranchOp XA_ROLLBACK = new BranchOp(DtmConstants.TRANS_TYPE_XA, DtmConstants.OP_ROLLBACK);
    public static final BranchOp WORKFLOW_ACTION = new BranchOp(DtmConstants.TRANS_TYPE_WORKFLOW, DtmConstants.OP_ACTION);
    public static final BranchOp WORKFLOW_COMMIT = new BranchOp(DtmConstants.TRANS_TYPE_WORKFLOW, DtmConstants.OP_COMMIT);
    public static final BranchOp WORKFLOW_ROLLBACK = new BranchOp(DtmConstants.TRANS_TYPE_WORKFLOW, DtmConstants.OP_ROLLBACK);

    /** DTM resuming the workflow {@code name} ({@code workflow.Workflow/Execute}, branch "00", op = the name). */
    public static BranchOp workflowResume(String name) {
        return new BranchOp(DtmConstants.TRANS_TYPE_WORKFLOW, name);
    }

    @Override
    public String toString() {
        return transType + "/" + op;
    }
}
