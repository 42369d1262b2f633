package io.dtmshop.stock.model;

/** What a {@link StockDeductionLog} row records. */
public enum StockOp {
    DEDUCT,
    REFUND
}
