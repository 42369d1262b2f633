package io.dtmshop.gateway.audit;

import io.dtmshop.gateway.client.DtmHttpApi;
import io.dtmshop.gateway.model.AuditReport;
import io.dtmshop.gateway.model.AuditReport.Check;
import io.dtmshop.proto.order.v1.OrderAudit;
import io.dtmshop.proto.order.v1.OrderGroup;
import io.dtmshop.proto.payment.v1.AccountFigures;
import io.dtmshop.proto.payment.v1.PaymentAudit;
import io.dtmshop.proto.payment.v1.PaymentGroup;
import io.dtmshop.proto.stock.v1.ProductStock;
import io.dtmshop.proto.stock.v1.StockAudit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The invariants a purchase must leave behind, whatever the mode and whatever failed on the way,
 * computed from the figures of the three services and DTM's list of unfinished transactions.
 * <p>
 * What an order's status says (see order-service's OrderStatus):
 * <ul>
 * <li>CREATED, CONFIRMED: stock taken and paid (one PAID payment). UNPAID (2-phase message): stock
 *     taken, not paid.</li>
 * <li>PENDING (a TCC Try): stock locked and money frozen, not taken yet.</li>
 * <li>CANCELLED: nothing taken; a payment, if any, was refunded or cancelled. An XA branch that
 *     rolled back leaves no order at all.</li>
 * </ul>
 * The sums are exact only at rest, once DTM finished every transaction: a purchase in flight has
 * taken stock before its order exists.
 */
public final class ConsistencyAudit {

    static final Set<String> TOOK_STOCK = Set.of("CREATED", "CONFIRMED", "UNPAID");
    static final Set<String> PAID = Set.of("CREATED", "CONFIRMED");
    static final String PENDING = "PENDING";
    static final String PAYMENT_PAID = "PAID";
    static final String PAYMENT_FROZEN = "FROZEN";
    /** DTM's statuses of a transaction it has not finished yet. */
    public static final List<String> UNFINISHED = List.of("prepared", "submitted", "aborting");
    /** Enough examples to point at a problem without flooding the answer. */
    static final int EXAMPLES = 10;

    private ConsistencyAudit() {
    }

    /**
     * @param stock      the products to check (none: no product checks)
     * @param orders     every order of those products and of those users
     * @param payments   the users to check, and their payments (none: no user checks)
     * @param unfinished DTM's transactions that are not finished
     */
    public static AuditReport check(StockAudit stock, OrderAudit orders, PaymentAudit payments,
                                    List<DtmHttpApi.Transaction> unfinished) {
        List<Check> checks = new ArrayList<>();
        checks.add(stock(stock, orders));
        checks.add(locked(stock, orders));
        checks.add(balance(payments));
        checks.add(frozen(payments));
        checks.add(paidOrdersAndPayments(payments, orders));
        checks.add(atRest(stock, orders, payments));
        checks.add(dtm(unfinished));
        return AuditReport.of(checks);
    }

    static Check stock(StockAudit stock, OrderAudit orders) {
        Map<Long, Long> taken = unitsPerProduct(orders, TOOK_STOCK::contains);
        List<String> wrong = new ArrayList<>();
        for (ProductStock product : stock.getProductsList()) {
            long takenUnits = taken.getOrDefault(product.getProductId(), 0L);
            if (product.getInitialQuantity() != product.getQuantity() + takenUnits) {
                wrong.add("product %d: initial %d != quantity %d + %d units of orders"
                        .formatted(product.getProductId(), product.getInitialQuantity(), product.getQuantity(), takenUnits));
            }
        }
        return verdict("stock", wrong, "%d products: initial stock = quantity + units of the orders that took stock"
                .formatted(stock.getProductsCount()));
    }

    static Check locked(StockAudit stock, OrderAudit orders) {
        Map<Long, Long> pending = unitsPerProduct(orders, PENDING::equals);
        List<String> wrong = new ArrayList<>();
        for (ProductStock product : stock.getProductsList()) {
            long pendingUnits = pending.getOrDefault(product.getProductId(), 0L);
            if (product.getLocked() != pendingUnits) {
                wrong.add("product %d: locked %d != %d units of PENDING orders"
                        .formatted(product.getProductId(), product.getLocked(), pendingUnits));
            }
        }
        return verdict("locked stock", wrong, "%d products: locked = units of PENDING orders"
                .formatted(stock.getProductsCount()));
    }

    static Check balance(PaymentAudit payments) {
        Map<Long, Long> paid = amountPerUser(payments, PAYMENT_PAID::equals);
        List<String> wrong = new ArrayList<>();
        for (AccountFigures account : payments.getAccountsList()) {
            long paidCents = paid.getOrDefault(account.getUserId(), 0L);
            if (account.getInitialBalanceCents() != account.getBalanceCents() + paidCents) {
                wrong.add("user %d: initial %d != balance %d + %d paid (cents)".formatted(account.getUserId(),
                        account.getInitialBalanceCents(), account.getBalanceCents(), paidCents));
            }
        }
        return verdict("balance", wrong, "%d accounts: initial balance = balance + money of PAID payments"
                .formatted(payments.getAccountsCount()));
    }

    static Check frozen(PaymentAudit payments) {
        Map<Long, Long> frozen = amountPerUser(payments, PAYMENT_FROZEN::equals);
        List<String> wrong = new ArrayList<>();
        for (AccountFigures account : payments.getAccountsList()) {
            long frozenCents = frozen.getOrDefault(account.getUserId(), 0L);
            if (account.getFrozenCents() != frozenCents) {
                wrong.add("user %d: frozen %d != %d of FROZEN payments (cents)"
                        .formatted(account.getUserId(), account.getFrozenCents(), frozenCents));
            }
        }
        return verdict("frozen money", wrong, "%d accounts: frozen = money of FROZEN payments"
                .formatted(payments.getAccountsCount()));
    }

    /**
     * Per user, the paid orders and the PAID payments have the same count, amount and order numbers
     * (by fingerprint). A REFUNDED or CANCELLED payment is not paired: its order is CANCELLED, or
     * gone altogether when it was an XA branch that rolled back (the mixed workflow's order).
     */
    static Check paidOrdersAndPayments(PaymentAudit payments, OrderAudit orders) {
        // Summed per user once, not once per account: an audit of everything has every user.
        Map<Long, Sum> paidOrdersByUser = new HashMap<>();
        orders.getGroupsList().stream().filter(group -> PAID.contains(group.getStatus()))
                .forEach(group -> paidOrdersByUser.merge(group.getUserId(),
                        new Sum(group.getOrders(), group.getAmountCents(), group.getFingerprint()), Sum::plus));
        Map<Long, Sum> paidPaymentsByUser = new HashMap<>();
        payments.getPaymentsList().stream().filter(group -> PAYMENT_PAID.equals(group.getStatus()))
                .forEach(group -> paidPaymentsByUser.merge(group.getUserId(),
                        new Sum(group.getPayments(), group.getAmountCents(), group.getFingerprint()), Sum::plus));
        List<String> wrong = new ArrayList<>();
        for (AccountFigures account : payments.getAccountsList()) {
            long user = account.getUserId();
            Sum paidOrders = paidOrdersByUser.getOrDefault(user, Sum.NONE);
            Sum paidPayments = paidPaymentsByUser.getOrDefault(user, Sum.NONE);
            if (!paidOrders.equals(paidPayments)) {
                wrong.add("user %d: paid orders %s, PAID payments %s".formatted(user, paidOrders, paidPayments));
            }
        }
        return verdict("paid orders and payments", wrong, ("%d users: every paid order has exactly one PAID payment"
                + " and every PAID payment one paid order").formatted(payments.getAccountsCount()));
    }

    static Check atRest(StockAudit stock, OrderAudit orders, PaymentAudit payments) {
        List<String> wrong = new ArrayList<>();
        stock.getProductsList().stream().filter(product -> product.getLocked() != 0)
                .forEach(product -> wrong.add("product %d: %d units locked".formatted(product.getProductId(),
                        product.getLocked())));
        payments.getAccountsList().stream().filter(account -> account.getFrozenCents() != 0)
                .forEach(account -> wrong.add("user %d: %d cents frozen".formatted(account.getUserId(),
                        account.getFrozenCents())));
        orders.getGroupsList().stream().filter(group -> PENDING.equals(group.getStatus()))
                .forEach(group -> wrong.add("%d PENDING orders of user %d for product %d".formatted(group.getOrders(),
                        group.getUserId(), group.getProductId())));
        payments.getPaymentsList().stream().filter(group -> PAYMENT_FROZEN.equals(group.getStatus()))
                .forEach(group -> wrong.add("%d FROZEN payments of user %d".formatted(group.getPayments(),
                        group.getUserId())));
        return verdict("at rest", wrong, "nothing locked or frozen, no PENDING order, no FROZEN payment");
    }

    static Check dtm(List<DtmHttpApi.Transaction> unfinished) {
        List<String> wrong = unfinished.stream()
                .map(transaction -> "%s %s %s".formatted(transaction.transType(), transaction.gid(), transaction.status()))
                .toList();
        return verdict("dtm", wrong, "no transaction is " + String.join(", ", UNFINISHED));
    }

    private static Check verdict(String name, List<String> wrong, String whatHolds) {
        if (wrong.isEmpty()) {
            return new Check(name, true, whatHolds);
        }
        String examples = wrong.stream().limit(EXAMPLES).collect(Collectors.joining("; "));
        String more = wrong.size() > EXAMPLES ? " (and %d more)".formatted(wrong.size() - EXAMPLES) : "";
        return new Check(name, false, examples + more);
    }

    private static Map<Long, Long> unitsPerProduct(OrderAudit orders, Predicate<String> status) {
        return orders.getGroupsList().stream().filter(group -> status.test(group.getStatus()))
                .collect(Collectors.groupingBy(OrderGroup::getProductId, TreeMap::new,
                        Collectors.summingLong(OrderGroup::getUnits)));
    }

    private static Map<Long, Long> amountPerUser(PaymentAudit payments, Predicate<String> status) {
        return payments.getPaymentsList().stream().filter(group -> status.test(group.getStatus()))
                .collect(Collectors.groupingBy(PaymentGroup::getUserId, TreeMap::new,
                        Collectors.summingLong(PaymentGroup::getAmountCents)));
    }

    /** Count, amount and XOR of CRC32(order_no) of a set of orders or payments. */
    record Sum(long count, long amountCents, long fingerprint) {

        static final Sum NONE = new Sum(0, 0, 0);

        Sum plus(Sum other) {
            return new Sum(count + other.count, amountCents + other.amountCents, fingerprint ^ other.fingerprint);
        }

        @Override
        public String toString() {
            return "%d worth %d cents (fingerprint %x)".formatted(count, amountCents, fingerprint);
        }
    }
}
