package io.dtmshop.dtmbranch;

import io.dtmshop.dtm.BranchCalls;
import io.dtmshop.dtm.DtmFailureException;
import io.dtmshop.dtm.barrier.BranchBarrier;

/**
 * The shop's rule that ties a branch's request to its transaction: a purchase's order number is its
 * gid, so a branch call may name only its own transaction's order. Without it, a call signed for
 * one purchase could name another purchase's order, and a compensation would undo that one.
 * Checked before the barrier writes anything, so a refused call changes nothing.
 */
public final class OwnOrder {

    private OwnOrder() {
    }

    /**
     * The work of a branch handler, run only when the request names its own transaction's order:
     * {@code BranchCalls.handle("Pay", request, response, OwnOrder.checked(request.getOrderNo(), barrier -> ...))}.
     */
    public static <T> BranchCalls.BranchWork<T> checked(String orderNo, BranchCalls.BranchWork<T> work) {
        return barrier -> {
            require(barrier, orderNo);
            return work.run(barrier);
        };
    }

    /**
     * @param orderNo the request's order number; empty is allowed (XA phase 2 is called with an
     *        empty request, and uses none)
     * @throws DtmFailureException (ABORTED) when it names another transaction's order: a refusal no
     *         retry can change, so an action makes DTM roll back rather than retry it forever
     */
    public static void require(BranchBarrier barrier, String orderNo) {
        if (!orderNo.isEmpty() && !orderNo.equals(barrier.gid())) {
            throw new DtmFailureException("order_no is not the order of this branch's transaction "
                    + "(a purchase's order number is its gid)");
        }
    }
}
