package io.dtmshop.order.service;

import io.dtmshop.dtm.DtmFailureException;
import io.dtmshop.dtm.barrier.BarrierKeys;

/**
 * The checks an order must pass and the words it fails with. Kept free of I/O so they can be
 * unit-tested; {@link OrderService} applies them inside the branch barrier.
 *
 * <p>Every failure is a {@link DtmFailureException} (gRPC ABORTED): retrying cannot fix it, so DTM
 * must roll the whole purchase back.
 */
public final class OrderRules {

    private OrderRules() {
    }

    /**
     * @throws DtmFailureException the order number is not a valid gid (it is the gid of the purchase:
     *         {@link BarrierKeys}, 1 to 128 of A-Z a-z 0-9 _ . : -), the quantity is not positive or
     *         the amount negative
     */
    public static void requireValid(String orderNo, int quantity, long amountCents) {
        BarrierKeys.idProblem("order_no", orderNo).ifPresent(problem -> {
            throw new DtmFailureException("invalid order: " + problem);
        });
        if (quantity <= 0) {
            throw new DtmFailureException(
                    "invalid quantity for order " + orderNo + ": " + quantity + " (must be at least 1)");
        }
        if (amountCents < 0) {
            throw new DtmFailureException(
                    "invalid amount for order " + orderNo + ": " + amountCents + " cents (must not be negative)");
        }
    }

    /** The order number is taken by another purchase (the same purchase never gets here twice: the barrier). */
    public static DtmFailureException duplicateOrderNo(String orderNo) {
        return new DtmFailureException("order " + orderNo + " already exists");
    }
}
