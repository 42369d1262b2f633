package io.dtmshop.stock.model;

/** What a {@link StockDeductionLog} row records. */
public enum StockOp {
    /** Units taken: a SAGA action, a 2-phase message's local step, an XA branch, a TCC Confirm. */
    DEDUCT,
    /** Units given back by a SAGA compensation. */
    REFUND,
    /** Units reserved by a TCC Try (stock.locked). */
    RESERVE,
    /** A reservation given up by a TCC Cancel. */
    RELEASE
}
