package io.dtmshop.stock.repository;

import io.dtmshop.stock.model.StockDeductionLog;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class StockDeductionLogRepository implements PanacheRepositoryBase<StockDeductionLog, Long> {
}
