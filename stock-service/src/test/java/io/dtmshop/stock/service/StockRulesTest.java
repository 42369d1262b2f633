package io.dtmshop.stock.service;

import io.dtmshop.dtm.DtmFailureException;
import io.dtmshop.stock.model.Stock;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StockRulesTest {

    @Test
    void positiveQuantityPasses() {
        assertDoesNotThrow(() -> StockRules.requirePositiveQuantity(1, 1));
    }

    @Test
    void orderNumberFollowsTheGidRule() {
        assertDoesNotThrow(() -> StockRules.requireValid("Kf8xQ2nUq4vZbT7yR3mWcd", 1, 1));
        DtmFailureException e = assertThrows(DtmFailureException.class,
                () -> StockRules.requireValid("g".repeat(135), 1, 1));
        assertEquals("invalid stock movement of product 1: order_no is 135 characters long; at most 128 are allowed",
                e.getMessage());
        assertThrows(DtmFailureException.class, () -> StockRules.requireValid("", 1, 1));
        assertThrows(DtmFailureException.class, () -> StockRules.requireValid("g-1", 1, 0));
    }

    @Test
    void zeroOrNegativeQuantityRollsBack() {
        DtmFailureException zero = assertThrows(DtmFailureException.class,
                () -> StockRules.requirePositiveQuantity(1, 0));
        assertEquals("invalid quantity for product 1: 0 (must be at least 1)", zero.getMessage());
        assertThrows(DtmFailureException.class, () -> StockRules.requirePositiveQuantity(1, -3));
    }

    @Test
    void refusalNamesRequestedAndAvailableUnits() {
        DtmFailureException e = StockRules.deductionRefused(1, 2000, stock(1, 100, 0));
        assertEquals("not enough stock for product 1: requested 2000, available 100", e.getMessage());
    }

    @Test
    void lockedUnitsAreNotAvailable() {
        DtmFailureException e = StockRules.deductionRefused(3, 5, stock(3, 5, 2));
        assertEquals("not enough stock for product 3: requested 5, available 3", e.getMessage());
    }

    @Test
    void refusalWithoutStockRowIsAnUnknownProduct() {
        assertEquals("unknown product 42", StockRules.deductionRefused(42, 1, null).getMessage());
    }

    private static Stock stock(long productId, int quantity, int locked) {
        Stock stock = new Stock();
        stock.productId = productId;
        stock.quantity = quantity;
        stock.locked = locked;
        return stock;
    }
}
