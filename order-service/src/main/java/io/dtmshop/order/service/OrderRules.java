package io.dtmshop.order.service;

import io.dtmshop.dtm.DtmFailureException;

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

    public static void requireValid(String orderNo, int quantity, long amountCents) {
        if (orderNo == null || orderNo.isBlank()) {
            throw new DtmFailureException("invalid order: order_no is required");
        }
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
