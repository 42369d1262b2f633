package io.dtmshop.stock.repository;

import io.dtmshop.stock.model.StockDeductionLog;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.dtmshop.stock.model.StockOp;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

@ApplicationScoped
public class StockDeductionLogRepository implements PanacheRepositoryBase<StockDeductionLog, Long> {

    /** The movement {@code op} that branch {@code branchId} of order {@code orderNo} recorded (one at most). */
    public Optional<StockDeductionLog> findMovement(String orderNo, String branchId, StockOp op) {
        return find("orderNo = ?1 and branchId = ?2 and op = ?3", orderNo, branchId, op).firstResultOptional();
    }
}
