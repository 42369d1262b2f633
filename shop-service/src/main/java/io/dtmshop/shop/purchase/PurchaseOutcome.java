package io.dtmshop.shop.purchase;

import io.dtmshop.dtm.DtmFailureException;
import io.dtmshop.dtm.DtmGrpcErrors;
import io.dtmshop.dtm.DtmOngoingException;
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
