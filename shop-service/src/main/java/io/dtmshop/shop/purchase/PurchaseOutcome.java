package io.dtmshop.shop.purchase;

import io.dtmshop.dtm.DtmFailureException;
import io.dtmshop.dtm.DtmGrpcErrors;
import io.dtmshop.dtm.DtmNoAnswerException;
import io.dtmshop.dtm.DtmNotSentException;
import io.dtmshop.proto.shop.v1.PurchaseReply;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;

/**
 * The one rule that turns how a purchase ended into the shop's reply, whatever the mode. Every
 * mode runs its transaction with dtm-client and hands whatever it threw to {@link #of}.
 *
 * <table>
 * <caption>outcome</caption>
 * <tr><th>what happened</th><th>reply</th><th>gateway</th></tr>
 * <tr><td>no error</td><td>{@code succeed}</td><td>200</td></tr>
 * <tr><td>the transaction's first request to DTM was not sent ({@link DtmNotSentException#nothingStarted()}):
 *     DTM holds nothing for the gid</td><td>UNAVAILABLE error</td><td>503, nothing started</td></tr>
 * <tr><td>DTM rolled it back because a branch refused (not enough stock or money)</td><td>{@code failed}</td>
 *     <td>409</td></tr>
 * <tr><td>DTM rolled it back because a branch could not be reached or failed (the mode made that a
 *     failure, keeping the gRPC error as its cause; see {@link UnreachableBranch})</td>
 *     <td>{@code failed}, {@code retryable}</td><td>503 with the gid</td></tr>
 * <tr><td>anything else: DTM's answer was lost, DTM is still retrying a branch, the abort did not
 *     reach DTM, a step's outcome is unknown</td><td>{@code submitted}</td><td>202 with the gid</td></tr>
 * </table>
 * "Anything else" is deliberately wide: once DTM may hold the gid, only DTM knows how it ends, and it
 * will finish or compensate it; {@code GET /shop/transactions/{gid}} shows the outcome later.
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
     * The reply to a purchase that threw {@code error}.
     *
     * @throws StatusRuntimeException UNAVAILABLE when DTM certainly holds nothing for the gid
     */
    public static PurchaseReply of(PurchaseOrder order, String mode, RuntimeException error) {
        DtmNotSentException notSent = find(error, DtmNotSentException.class);
        if (notSent != null && notSent.nothingStarted()) {
            throw Status.UNAVAILABLE.withDescription("DTM cannot be reached, nothing was started: " + notSent.getMessage())
                    .asRuntimeException();
        }
        if (error.getSuppressed().length > 0) {
            // dtm-client's TCC and XA: the body failed and the Abort did not reach DTM
            return reply(order, mode, SUBMITTED, "a branch failed (" + error.getMessage() + ") and the abort did not "
                    + "reach DTM; DTM rolls the transaction back when it times out");
        }
        RuntimeException dtmError = DtmGrpcErrors.fromGrpc(error);
        if (dtmError instanceof DtmFailureException failure && !failure.isUnfinished()) {
            Throwable unreachable = unreachableCause(failure);
            if (unreachable != null) {
                return reply(order, mode, FAILED, "rolled back because a service could not complete its branch: "
                        + describe(unreachable)).toBuilder().setRetryable(true).build();
            }
            return reply(order, mode, FAILED, "rolled back: " + failure.reason());
        }
        return reply(order, mode, SUBMITTED, "the outcome is not known yet; DTM finishes or compensates the "
                + "transaction (follow it by its gid): " + dtmError.getMessage());
    }

    /**
     * The gRPC error (or DTM's missing answer) behind a failure the mode made of it, or null for a
     * refusal: a branch that refused answered ABORTED, which is what every failure over the wire is.
     */
    private static Throwable unreachableCause(DtmFailureException failure) {
        for (Throwable t = failure.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof DtmNoAnswerException) {
                return t;
            }
            Status status = t instanceof StatusRuntimeException sre ? sre.getStatus()
                    : t instanceof StatusException se ? se.getStatus() : null;
            if (status != null) {
                return status.getCode() == Status.Code.ABORTED ? null : t;
            }
        }
        return null;
    }

    private static String describe(Throwable t) {
        if (t instanceof StatusRuntimeException sre) {
            String description = sre.getStatus().getDescription();
            return sre.getStatus().getCode() + (description == null ? "" : " " + description);
        }
        return t.getMessage();
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
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

    static PurchaseReply reply(PurchaseOrder order, String mode, String status, String message) {
        return PurchaseReply.newBuilder()
                .setGid(order.gid())
                .setOrderNo(order.orderNo())
                .setMode(mode)
                .setStatus(status)
                .setMessage(message)
                .build();
    }
}
