package io.dtmshop.gateway.audit;

import io.dtmshop.gateway.client.DtmClient;
import io.dtmshop.gateway.client.DtmHttpApi;
import io.dtmshop.gateway.client.OrderClient;
import io.dtmshop.gateway.client.PaymentClient;
import io.dtmshop.gateway.client.StockClient;
import io.dtmshop.gateway.model.AuditReport;
import io.dtmshop.proto.payment.v1.PaymentAudit;
import io.dtmshop.proto.stock.v1.StockAudit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;

/**
 * Gathers the audit's figures - one call to each service and DTM's unfinished transactions - and
 * hands them to {@link ConsistencyAudit}. Each service sums up its own rows in SQL, so the answer
 * stays small however many orders there are.
 */
@ApplicationScoped
public class ShopAudit {

    /** Per unfinished status: enough to show what is stuck. */
    static final int UNFINISHED_LISTED = 20;

    @Inject
    StockClient stock;
    @Inject
    OrderClient orders;
    @Inject
    PaymentClient payments;
    @Inject
    DtmClient dtm;

    /**
     * With no products and no users, everything is checked. Otherwise only the products and users
     * named (a test audits its own fixtures, whatever other tests left behind); DTM is always checked
     * as a whole.
     */
    public AuditReport run(List<Long> productIds, List<Long> userIds) {
        boolean everything = productIds.isEmpty() && userIds.isEmpty();
        StockAudit stockFigures = everything || !productIds.isEmpty()
                ? stock.audit(productIds) : StockAudit.getDefaultInstance();
        PaymentAudit paymentFigures = everything || !userIds.isEmpty()
                ? payments.audit(userIds) : PaymentAudit.getDefaultInstance();
        List<DtmHttpApi.Transaction> unfinished = new ArrayList<>();
        for (String status : ConsistencyAudit.UNFINISHED) {
            unfinished.addAll(dtm.transactions(status, UNFINISHED_LISTED));
        }
        return ConsistencyAudit.check(stockFigures, orders.audit(productIds, userIds), paymentFigures, unfinished);
    }
}
