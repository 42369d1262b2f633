package io.dtmshop.stock.repository;

import io.dtmshop.dtm.retention.RetentionTable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * stock_deduction_log is cleaned with the barrier table (dtm-branch-service's BranchRetentionJob):
 * its rows are keyed by order number, which is the purchase's gid, and a compensation or Confirm
 * reads its action's row only while DTM holds the transaction unfinished.
 */
@ApplicationScoped
public class StockDeductionLogRetention {

    @Produces
    @Singleton
    RetentionTable deductionLog() {
        return new RetentionTable("stock_deduction_log", "order_no", "created_at");
    }
}
