package io.dtmshop.payment.service;

import java.math.BigDecimal;

/** Money is stored and computed as integer cents; this only turns cents into words. */
public final class Money {

    private Money() {
    }

    /** 79999 → "799.99", 100 → "1.00", -5 → "-0.05". */
    public static String format(long cents) {
        return BigDecimal.valueOf(cents, 2).toPlainString();
    }
}
