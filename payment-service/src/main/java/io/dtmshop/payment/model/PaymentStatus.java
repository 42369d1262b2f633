package io.dtmshop.payment.model;

public enum PaymentStatus {
    PAID,
    /** Set by the SAGA compensation when a later step of the purchase failed. */
    REFUNDED
}
