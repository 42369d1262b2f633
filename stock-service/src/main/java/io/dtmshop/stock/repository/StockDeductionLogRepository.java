package io.dtmshop.stock.repository;

import io.dtmshop.stock.model.StockDeductionLog;
import io.dtmshop.stock.model.StockOp;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class StockDeductionLogRepository implements PanacheRepositoryBase<StockDeductionLog, Long> {

    /** Units of a product one branch of an order took and has not given back: what its refund restores. */
    public int outstanding(String orderNo, String branchId, long productId) {
        return list("orderNo = ?1 and branchId = ?2 and productId = ?3", orderNo, branchId, productId).stream()
                .mapToInt(log -> log.op == StockOp.DEDUCT ? log.quantity : -log.quantity)
                .sum();
    }
}
