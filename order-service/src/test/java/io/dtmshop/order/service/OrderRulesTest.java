package io.dtmshop.order.service;

import io.dtmshop.dtm.DtmFailureException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OrderRulesTest {

    @Test
    void validOrderPasses() {
        assertDoesNotThrow(() -> OrderRules.requireValid("gid-1", 2, 159998));
    }

    @Test
    void missingOrderNoRollsBack() {
        DtmFailureException e = assertThrows(DtmFailureException.class, () -> OrderRules.requireValid("", 1, 100));
        assertEquals("invalid order: order_no is empty", e.getMessage());
    }

    @Test
    void orderNumberFollowsTheGidRule() {
        assertDoesNotThrow(() -> OrderRules.requireValid("x".repeat(128), 1, 100));
        DtmFailureException e = assertThrows(DtmFailureException.class,
                () -> OrderRules.requireValid("x".repeat(129), 1, 100));
        assertEquals("invalid order: order_no is 129 characters long; at most 128 are allowed", e.getMessage());
        DtmFailureException blank = assertThrows(DtmFailureException.class,
                () -> OrderRules.requireValid("abc ", 1, 100));
        assertEquals("invalid order: order_no has a space at position 4; only letters A-Z and a-z, digits and "
                + "_ . : - are allowed", blank.getMessage());
    }

    @Test
    void nonPositiveQuantityRollsBack() {
        DtmFailureException e = assertThrows(DtmFailureException.class, () -> OrderRules.requireValid("gid-1", 0, 100));
        assertEquals("invalid quantity for order gid-1: 0 (must be at least 1)", e.getMessage());
    }

    @Test
    void negativeAmountRollsBack() {
        DtmFailureException e = assertThrows(DtmFailureException.class, () -> OrderRules.requireValid("gid-1", 1, -1));
        assertEquals("invalid amount for order gid-1: -1 cents (must not be negative)", e.getMessage());
    }

    @Test
    void duplicateOrderNoNamesTheOrder() {
        assertEquals("order gid-1 already exists", OrderRules.duplicateOrderNo("gid-1").getMessage());
    }
}
