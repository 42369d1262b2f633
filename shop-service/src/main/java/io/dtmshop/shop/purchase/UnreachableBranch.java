package io.dtmshop.shop.purchase;

import io.dtmshop.dtm.DtmFailureException;
import io.dtmshop.dtm.DtmGrpcErrors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The shop's choice for the branches it calls itself (TCC Try, XA action, workflow step): a branch
 * that cannot be reached, or does not answer in time, counts as a failure, so the purchase rolls
 * back now instead of waiting to go forward once the service is back. The error stays the failure's
 * cause, so the buyer hears "rolled back because a service could not complete its branch" (503 with
 * the gid, safe to try again), not "refused" (409); see {@link PurchaseOutcome}.
 */
final class UnreachableBranch {

    private UnreachableBranch() {
    }

    /** The body of a TCC or XA transaction: the branch calls. */
    @FunctionalInterface
    interface Body {
        void run();
    }

    /**
     * Runs the body of a TCC or XA transaction, which dtm-client aborts - and DTM rolls back - whatever
     * it throws: an error that is not already a failure is thrown as one, with the error as its cause.
     */
    static void failureOnAnyError(Body body) {
        try {
            body.run();
        } catch (RuntimeException e) {
            if (DtmGrpcErrors.isFailure(e)) {
                throw e;
            }
            throw new DtmFailureException(String.valueOf(e.getMessage()), e);
        }
    }

    /** For a workflow: only a branch not reached or not answering in time is a failure; other errors stay unknown outcomes. */
    static RuntimeException unreachableIsFailure(RuntimeException e) {
        if (e instanceof StatusRuntimeException sre && isUnreachable(sre.getStatus().getCode())) {
            return new DtmFailureException(sre.getStatus().getCode() + ": " + sre.getStatus().getDescription(), sre);
        }
        return e;
    }

    /** UNAVAILABLE, CANCELLED (Stork's answer when Consul lists no instance) and DEADLINE_EXCEEDED. */
    static boolean isUnreachable(Status.Code code) {
        return code == Status.Code.UNAVAILABLE || code == Status.Code.CANCELLED || code == Status.Code.DEADLINE_EXCEEDED;
    }
}
