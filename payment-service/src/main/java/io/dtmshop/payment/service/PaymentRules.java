package io.dtmshop.payment.service;

import io.dtmshop.dtm.DtmFailureException;
import io.dtmshop.dtm.barrier.BarrierKeys;
import io.dtmshop.payment.model.Account;

/**
 * The business decisions of a payment and the words they fail with. Kept free of I/O so they can
 * be unit-tested; {@link PaymentService} applies them inside the branch barrier.
 *
 * <p>Every failure here is a {@link DtmFailureException} (gRPC ABORTED): retrying cannot fix it,
 * so DTM must roll the whole purchase back. The messages name the figures because they travel
 * through DTM back to the shopper.
 */
public final class PaymentRules {

    private PaymentRules() {
    }

    /**
     * What a payment must carry before it writes: an order number that is a valid gid (it is the gid
     * of the purchase: {@link BarrierKeys}) and a positive amount.
     *
     * @throws DtmFailureException either is not
     */
    public static void requireValid(String orderNo, long userId, long amountCents) {
        BarrierKeys.idProblem("order_no", orderNo).ifPresent(problem -> {
            throw new DtmFailureException("invalid payment for user " + userId + ": " + problem);
        });
        requirePositiveAmount(userId, amountCents);
    }

    public static void requirePositiveAmount(long userId, long amountCents) {
        if (amountCents <= 0) {
            throw new DtmFailureException("invalid amount for user " + userId + ": " + Money.format(amountCents)
                    + " (must be more than 0.00)");
        }
    }

    /**
     * Why a guarded withdrawal changed no row.
     *
     * @param account the user's account as it is now, or null when the user has none
     */
    public static DtmFailureException withdrawalRefused(long userId, long amountCents, Account account) {
        if (account == null) {
            return new DtmFailureException("unknown user " + userId);
        }
        return new DtmFailureException("insufficient balance for user " + userId + ": needs "
                + Money.format(amountCents) + ", has " + Money.format(account.availableCents()) + " available");
    }
}
