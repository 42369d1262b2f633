package io.dtmshop.order.model;

public enum OrderStatus {
    CREATED,
    /** Set by the SAGA compensation when a later step of the purchase failed. */
    CANCELLED
}
