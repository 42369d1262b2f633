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
