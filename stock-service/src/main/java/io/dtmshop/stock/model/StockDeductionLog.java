package io.dtmshop.stock.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** Audit trail of stock movements, one row per deduction or refund, keyed by order number. */
@Entity
@Table(name = "stock_deduction_log")
public class StockDeductionLog {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "order_no", nullable = false)
    public String orderNo;

    /** The DTM branch that moved the stock (with order_no, which is the gid, it names the call). */
    @Column(name = "branch_id", nullable = false)
    public String branchId;

    @Column(name = "product_id", nullable = false)
    public long productId;

    @Column(nullable = false)
    public int quantity;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public StockOp op;

    /**
     * When the row was written, by the database's clock (the column's default, as for the barrier
     * rows and the XA branch's rows): the retention measures a row's age with that clock.
     */
    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public Instant createdAt;

    public static StockDeductionLog of(String orderNo, String branchId, long productId, int quantity, StockOp op) {
        StockDeductionLog log = new StockDeductionLog();
        log.orderNo = orderNo;
        log.branchId = branchId;
        log.productId = productId;
        log.quantity = quantity;
        log.op = op;
        return log;
    }
}
