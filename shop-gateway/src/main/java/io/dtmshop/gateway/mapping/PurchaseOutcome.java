package io.dtmshop.gateway.mapping;

import io.dtmshop.proto.shop.v1.PurchaseReply;

import java.util.Arrays;
import java.util.Optional;

/**
 * The outcomes shop-service reports in {@code PurchaseReply.status}, and the HTTP status each is
 * answered with. The only place that decides it, whatever the DTM mode.
 */
public enum PurchaseOutcome {

    /** Every branch succeeded: stock deducted, order created, paid. */
    SUCCEED("succeed", 200),
    /** DTM rolled the purchase back (not enough stock or money): a conflict with the shop's state. */
    FAILED("failed", 409),
    /** DTM holds the transaction and is still retrying it: accepted, not done. */
    SUBMITTED("submitted", 202);

    private final String wireName;
    private final int httpStatus;

    PurchaseOutcome(String wireName, int httpStatus) {
        this.wireName = wireName;
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /**
     * The HTTP status of a reply with this outcome: a failure that is not the purchase's fault (a
     * service could not be reached, {@code PurchaseReply.retryable}) is 503 - with the gid, and
     * nothing left - rather than 409.
     */
    public int httpStatus(PurchaseReply reply) {
        return this == FAILED && reply.getRetryable() ? 503 : httpStatus;
    }

    /** The outcome as {@code PurchaseReply.status} names it. */
    public String wireName() {
        return wireName;
    }

    /** The outcome named by a {@code PurchaseReply.status}; empty for a status this gateway does not know. */
    public static Optional<PurchaseOutcome> of(String status) {
        return Arrays.stream(values()).filter(outcome -> outcome.wireName.equals(status)).findFirst();
    }
}
