package io.dtmshop.gateway.audit;

import io.dtmshop.gateway.client.DtmHttpApi;
import io.dtmshop.gateway.model.AuditReport;
import io.dtmshop.proto.order.v1.OrderAudit;
import io.dtmshop.proto.order.v1.OrderGroup;
import io.dtmshop.proto.payment.v1.AccountFigures;
import io.dtmshop.proto.payment.v1.PaymentAudit;
import io.dtmshop.proto.payment.v1.PaymentGroup;
import io.dtmshop.proto.stock.v1.ProductStock;
import io.dtmshop.proto.stock.v1.StockAudit;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsistencyAuditTest {

    private static final long PRODUCT = 7;
    private static final long USER = 1001;

    /** Product 7 stocked with 10; user 1001 opened with 100.00 and bought 2 units for 30.00 in one paid order. */
    private static StockAudit stock(int quantity, int locked) {
        return StockAudit.newBuilder().addProducts(ProductStock.newBuilder().setProductId(PRODUCT)
                .setInitialQuantity(10).setQuantity(quantity).setLocked(locked)).build();
    }

    private static OrderGroup order(String status, long orders, long units, long amount, long fingerprint) {
        return OrderGroup.newBuilder().setProductId(PRODUCT).setUserId(USER).setStatus(status).setOrders(orders)
                .setUnits(units).setAmountCents(amount).setFingerprint(fingerprint).build();
    }

    private static PaymentGroup payment(String status, long payments, long amount, long fingerprint) {
        return PaymentGroup.newBuilder().setUserId(USER).setStatus(status).setPayments(payments)
                .setAmountCents(amount).setFingerprint(fingerprint).build();
    }

    private static PaymentAudit payments(long balance, long frozen, PaymentGroup... groups) {
        return PaymentAudit.newBuilder().addAccounts(AccountFigures.newBuilder().setUserId(USER)
                .setInitialBalanceCents(10_000).setBalanceCents(balance).setFrozenCents(frozen))
                .addAllPayments(List.of(groups)).build();
    }

    private static Map<String, Boolean> verdicts(AuditReport report) {
        return report.checks().stream().collect(Collectors.toMap(AuditReport.Check::name, AuditReport.Check::ok));
    }

    @Test
    void aPaidPurchaseAndACancelledOneAreConsistent() {
        OrderAudit orders = OrderAudit.newBuilder()
                .addGroups(order("CREATED", 1, 2, 3_000, 0xABC))
                .addGroups(order("CANCELLED", 1, 1, 1_500, 0x123)).build();

        AuditReport report = ConsistencyAudit.check(stock(8, 0), orders,
                payments(7_000, 0, payment("PAID", 1, 3_000, 0xABC), payment("REFUNDED", 1, 1_500, 0x123)), List.of());

        assertTrue(report.consistent(), report.toString());
        assertEquals(7, report.checks().size());
    }

    @Test
    void stockTakenWithoutAnOrderIsNamed() {
        AuditReport report = ConsistencyAudit.check(stock(7, 0),
                OrderAudit.newBuilder().addGroups(order("CONFIRMED", 1, 2, 3_000, 0xABC)).build(),
                payments(7_000, 0, payment("PAID", 1, 3_000, 0xABC)), List.of());

        assertFalse(report.consistent());
        assertFalse(verdicts(report).get("stock"));
        assertTrue(verdicts(report).get("balance"));
        assertEquals("product 7: initial 10 != quantity 7 + 2 units of orders", report.checks().get(0).detail());
    }

    @Test
    void anUnpaidOrderTakesStockButNoMoney() {
        AuditReport report = ConsistencyAudit.check(stock(8, 0),
                OrderAudit.newBuilder().addGroups(order("UNPAID", 1, 2, 3_000, 0xABC)).build(),
                payments(10_000, 0), List.of());

        assertTrue(report.consistent(), report.toString());
    }

    @Test
    void aPaymentForAnotherOrderNumberIsCaughtByTheFingerprint() {
        // Same count and amount on both sides, but not the same order numbers.
        AuditReport report = ConsistencyAudit.check(stock(8, 0),
                OrderAudit.newBuilder().addGroups(order("CREATED", 1, 2, 3_000, 0xABC)).build(),
                payments(7_000, 0, payment("PAID", 1, 3_000, 0xDEF)), List.of());

        assertEquals(Map.of("stock", true, "locked stock", true, "balance", true, "frozen money", true,
                "paid orders and payments", false, "at rest", true, "dtm", true), verdicts(report));
    }

    @Test
    void aCancelledPaymentWhoseXaOrderRolledBackIsConsistent() {
        // Mixed workflow: TryPay froze the money, then the purchase rolled back; the order was an XA
        // branch, and its rollback leaves no row.
        AuditReport report = ConsistencyAudit.check(stock(10, 0), OrderAudit.getDefaultInstance(),
                payments(10_000, 0, payment("CANCELLED", 1, 1_500, 0x123)), List.of());

        assertTrue(report.consistent(), report.toString());
    }

    @Test
    void aPaidOrderWithoutItsPaymentIsNamed() {
        AuditReport report = ConsistencyAudit.check(stock(8, 0),
                OrderAudit.newBuilder().addGroups(order("CREATED", 1, 2, 3_000, 0xABC)).build(),
                payments(10_000, 0, payment("REFUNDED", 1, 3_000, 0xABC)), List.of());

        assertFalse(verdicts(report).get("paid orders and payments"));
        assertTrue(verdicts(report).get("balance"));
    }

    @Test
    void aPendingTccPurchaseBalancesButIsNotAtRest() {
        AuditReport report = ConsistencyAudit.check(stock(10, 2),
                OrderAudit.newBuilder().addGroups(order("PENDING", 1, 2, 3_000, 0xABC)).build(),
                payments(10_000, 3_000, payment("FROZEN", 1, 3_000, 0xABC)), List.of());

        assertEquals(Map.of("stock", true, "locked stock", true, "balance", true, "frozen money", true,
                "paid orders and payments", true, "at rest", false, "dtm", true), verdicts(report));
    }

    @Test
    void frozenMoneyWithoutAFrozenPaymentIsNamed() {
        AuditReport report = ConsistencyAudit.check(stock(10, 0), OrderAudit.getDefaultInstance(),
                payments(10_000, 500), List.of());

        assertFalse(verdicts(report).get("frozen money"));
        assertFalse(verdicts(report).get("at rest"));
    }

    @Test
    void anUnfinishedTransactionAtDtmIsNamed() {
        AuditReport report = ConsistencyAudit.check(stock(10, 0), OrderAudit.getDefaultInstance(),
                payments(10_000, 0), List.of(new DtmHttpApi.Transaction("gid-1", "saga", "submitted", null, null, null)));

        assertFalse(report.consistent());
        assertEquals("saga gid-1 submitted", report.checks().get(6).detail());
    }

    @Test
    void longListsAreCutToExamples() {
        StockAudit.Builder stock = StockAudit.newBuilder();
        for (int id = 1; id <= 12; id++) {
            stock.addProducts(ProductStock.newBuilder().setProductId(id).setInitialQuantity(5).setQuantity(4));
        }

        AuditReport report = ConsistencyAudit.check(stock.build(), OrderAudit.getDefaultInstance(),
                PaymentAudit.getDefaultInstance(), List.of());

        assertTrue(report.checks().get(0).detail().endsWith("(and 2 more)"), report.checks().get(0).detail());
    }
}
