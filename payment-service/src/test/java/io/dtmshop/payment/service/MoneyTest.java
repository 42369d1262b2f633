package io.dtmshop.payment.service;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MoneyTest {

    @Test
    void formatsCentsWithTwoDecimals() {
        assertEquals("799.99", Money.format(79999));
        assertEquals("1.00", Money.format(100));
        assertEquals("0.05", Money.format(5));
        assertEquals("0.00", Money.format(0));
        assertEquals("100000.00", Money.format(10_000_000));
    }

    @Test
    void formatsNegativeAmounts() {
        assertEquals("-0.05", Money.format(-5));
        assertEquals("-12.30", Money.format(-1230));
    }
}
