package io.dtmshop.payment.model;

public enum PaymentStatus {
    /** The amount left the account: a SAGA action, an XA branch or a TCC Confirm. */
    PAID,
    /** Set by the SAGA compensation when a later step of the purchase failed. */
    REFUNDED,
    /** Set by a TCC Try: the amount is set aside (account.frozen_cents) but not yet taken. */
    FROZEN,
    /** Set by a TCC Cancel: the frozen amount was released; nothing was ever taken. */
    CANCELLED
}
