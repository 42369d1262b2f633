package io.dtmshop.order.model;

public enum OrderStatus {
    /** Created (and paid) in one step: a SAGA action or an XA branch. */
    CREATED,
    /** Set by the SAGA compensation or the TCC Cancel when another step of the purchase failed. */
    CANCELLED,
    /** Inserted by a TCC Try: the purchase is not decided yet; Confirm or Cancel follows. */
    PENDING,
    /** Set by the TCC Confirm once every Try of the purchase succeeded. */
    CONFIRMED,
    /** Placed by a 2-phase-message purchase, which does not pay: paying is the next business step. */
    UNPAID
}
