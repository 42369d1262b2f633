package io.dtmshop.shop.purchase;

import io.dtmshop.dtm.DtmFailureException;
import io.dtmshop.dtm.DtmGrpcErrors;
import io.dtmshop.dtm.DtmOngoingException;
import io.dtmshop.dtm.workflow.WorkflowNotPreparedException;
import io.dtmshop.proto.shop.v1.PurchaseReply;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Turns what DTM answered about a submitted transaction into the shop's reply.
 * <ul>
 * <li>no error: every branch committed - {@code succeed};</li>
 * <li>DTM's failure (gRPC ABORTED): a branch refused and DTM rolled the others back - {@code failed},
 *     with DTM's rollback reason as the message;</li>
 * <li>ongoing, or no answer in time: DTM holds the transaction and will finish or compensate it on
 *     its own - {@code submitted}.</li>
 * </ul>
 * A DTM that cannot be reached at all means it never took the transaction: that stays an
 * UNAVAILABLE error, so the caller sees a 503 and nothing half-done.
 */
public final class PurchaseOutcome {

    public static final String SUCCEED = "succeed";
    public static final String FAILED = "failed";
    public static final String SUBMITTED = "submitted";

    private PurchaseOutcome() {
    }

    public static PurchaseReply succeed(PurchaseOrder order, String mode) {
        return reply(order, mode, SUCCEED, "purchase committed");
    }

    /**
     * The error for a purchase that DTM never took (its Prepare did not go through): nothing ran,
     * so the caller gets UNAVAILABLE - a 503 with nothing half-done. Should DTM hold a prepared
     * record after all, it ends it itself (a message through its back-check, TCC and XA at their
     * timeout; neither has a branch to undo).
     */
    public static StatusRuntimeException notStarted(RuntimeException error) {
        return Status.UNAVAILABLE.withDescription("DTM cannot be reached: " + error.getMessage()).asRuntimeException();
    }

    /** Maps an error thrown while DTM held the transaction; rethrows what must stay an error. */
    public static PurchaseReply of(PurchaseOrder order, String mode, RuntimeException error) {
        RuntimeException dtmError = DtmGrpcErrors.fromGrpc(error);
        if (dtmError instanceof DtmFailureException failure && !failure.isUnfinished()) {
            return reply(order, mode, FAILED, "rolled back: " + failure.reason());
        }
        if (dtmError instanceof DtmFailureException || dtmError instanceof DtmOngoingException) {
            return reply(order, mode, SUBMITTED, "DTM holds the transaction and is still working on it: " + dtmError.getMessage());
        }
        if (error instanceof StatusRuntimeException status
                && status.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
            return reply(order, mode, SUBMITTED, "no outcome from DTM in time; it will finish or compensate the transaction");
        }
        throw error;
    }

    /**
     * Maps an error of a 2-phase message once its local step was called: a failure means the
     * message was aborted; anything else leaves the outcome to DTM, which asks the local service
     * (QueryPrepared) and then delivers or drops the message on its own.
     */
    public static PurchaseReply afterLocalStep(PurchaseOrder order, String mode, RuntimeException error) {
        RuntimeException dtmError = DtmGrpcErrors.fromGrpc(error);
        if (dtmError instanceof DtmFailureException failure && !failure.isUnfinished()) {
            return reply(order, mode, FAILED, "rolled back: " + failure.reason());
        }
        return reply(order, mode, SUBMITTED, "DTM holds the transaction and settles it through its back-check: "
                + dtmError.getMessage());
    }

    /**
     * Maps an error of a TCC or XA purchase once DTM holds the prepared transaction (dtm-client's
     * {@code tccGlobalTransaction} / {@code xaGlobalTransaction} threw after Prepare).
     * <ul>
     * <li>A branch failed, so the shop aborted and DTM rolled back every branch registered so far:
     *     {@code failed} when the branch refused (not enough stock or money); an UNAVAILABLE error
     *     (503) when it could not be reached - either way nothing is left.</li>
     * <li>The abort itself did not go through: DTM rolls the transaction back once it times out -
     *     {@code submitted}.</li>
     * <li>Every branch succeeded but the submit answered a failure (DTM had already given up on
     *     the transaction): {@code failed}; any other submit error: {@code submitted}, DTM commits
     *     or rolls back on its own.</li>
     * </ul>
     *
     * @param branchesDone whether every branch had succeeded, i.e. the error came from the submit
     */
    public static PurchaseReply afterPrepare(PurchaseOrder order, String mode, boolean branchesDone,
            RuntimeException error) {
        RuntimeException dtmError = DtmGrpcErrors.fromGrpc(error);
        if (branchesDone) {
            if (dtmError instanceof DtmFailureException failure && !failure.isUnfinished()) {
                return reply(order, mode, FAILED, "rolled back: " + failure.reason());
            }
            return reply(order, mode, SUBMITTED, "DTM holds the transaction and is still working on it: "
                    + dtmError.getMessage());
        }
        if (error.getSuppressed().length > 0) {
            return reply(order, mode, SUBMITTED, "a branch failed (" + dtmError.getMessage() + ") and the abort did not "
                    + "reach DTM; DTM rolls the transaction back when it times out");
        }
        if (dtmError instanceof DtmFailureException failure) {
            return reply(order, mode, FAILED, "rolled back: " + failure.reason());
        }
        throw rolledBackUnreachable(dtmError.getMessage());
    }

    /**
     * Maps the error of a workflow purchase ({@code Workflows.execute}).
     * <ul>
     * <li>DTM never took the workflow (PrepareWorkflow could not reach it): UNAVAILABLE (503), nothing
     *     ran. PrepareWorkflow timed out: {@code submitted} - if DTM did record the workflow, it
     *     runs it.</li>
     * <li>The workflow failed and was rolled back: {@code failed} when a branch refused; UNAVAILABLE
     *     (503) when a branch could not be reached (the failure's cause is that gRPC error).</li>
     * <li>Anything else stopped the workflow with an unknown outcome, unsubmitted: DTM calls it back
     *     and it completes or rolls back - {@code submitted}.</li>
     * </ul>
     */
    public static PurchaseReply afterWorkflow(PurchaseOrder order, String mode, RuntimeException error) {
        if (error instanceof WorkflowNotPreparedException notPrepared) {
            if (notPrepared.getCause() instanceof StatusRuntimeException sre
                    && sre.getStatus().getCode() == Status.Code.UNAVAILABLE) {
                throw notStarted(notPrepared);
            }
            return reply(order, mode, SUBMITTED, "no answer from DTM in time; if it recorded the workflow it runs it: "
                    + error.getMessage());
        }
        RuntimeException dtmError = DtmGrpcErrors.fromGrpc(error);
        if (dtmError instanceof DtmFailureException failure) {
            if (failure.getCause() instanceof StatusRuntimeException unreachable
                    && WorkflowPurchase.isUnreachable(unreachable.getStatus().getCode())) {
                throw rolledBackUnreachable(unreachable.getStatus().getDescription());
            }
            return reply(order, mode, FAILED, "rolled back: " + failure.reason());
        }
        return reply(order, mode, SUBMITTED, "the workflow stopped before its outcome was known; DTM resumes it: "
                + error.getMessage());
    }

    /** UNAVAILABLE (503) for a purchase rolled back because a branch could not be reached. */
    private static StatusRuntimeException rolledBackUnreachable(String why) {
        return Status.UNAVAILABLE.withDescription("a branch could not be reached, so the purchase was rolled back: " + why)
                .asRuntimeException();
    }

    /**
     * The reply of a benchmark baseline ({@code direct}, {@code local}): no DTM transaction, so
     * no gid; the order number is the baseline's own.
     */
    public static PurchaseReply withoutDtm(PurchaseOrder order, String mode, String status, String message) {
        return PurchaseReply.newBuilder()
                .setOrderNo(order.orderNo())
                .setMode(mode)
                .setStatus(status)
                .setMessage(message)
                .build();
    }

    private static PurchaseReply reply(PurchaseOrder order, String mode, String status, String message) {
        return PurchaseReply.newBuilder()
                .setGid(order.gid())
                .setOrderNo(order.orderNo())
                .setMode(mode)
                .setStatus(status)
                .setMessage(message)
                .build();
    }
}
