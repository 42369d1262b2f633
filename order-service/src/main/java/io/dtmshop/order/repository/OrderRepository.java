package io.dtmshop.order.repository;

import io.dtmshop.order.model.Order;
import io.dtmshop.order.model.OrderStatus;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class OrderRepository implements PanacheRepositoryBase<Order, Long> {

    public Optional<Order> findByOrderNo(String orderNo) {
        return find("orderNo", orderNo).firstResultOptional();
    }

    /**
     * Moves the order from {@code from} to {@code to} in one guarded UPDATE: the database checks
     * the status and changes it atomically, so a TCC Confirm and Cancel racing for the same order
     * cannot both win. A bulk update skips {@code @UpdateTimestamp}, hence the explicit updatedAt.
     *
     * @return false when there is no such order or it is not in status {@code from}; nothing changed then
     */
    public boolean changeStatus(String orderNo, OrderStatus from, OrderStatus to) {
        return update("status = ?1, updatedAt = ?2 where orderNo = ?3 and status = ?4",
                to, Instant.now(), orderNo, from) == 1;
    }

    /** The orders of one product, user and status, summed up for the consistency audit. */
    public record OrderGroup(long productId, long userId, String status, long orders, long units, long amountCents,
                             long fingerprint) {
    }

    /**
     * The orders of these products or these users (every order when both lists are empty) per
     * product, user and status. The fingerprint, XOR of CRC32(order_no), lets the audit compare the
     * order numbers here with payment-service's without sending them.
     */
    @SuppressWarnings("unchecked")
    public List<OrderGroup> sumUpForAudit(List<Long> productIds, List<Long> userIds) {
        List<String> filters = new ArrayList<>();
        if (!productIds.isEmpty()) {
            filters.add("product_id IN (:products)");
        }
        if (!userIds.isEmpty()) {
            filters.add("user_id IN (:users)");
        }
        var query = getEntityManager().createNativeQuery("SELECT product_id, user_id, status, COUNT(*),"
                + " SUM(quantity), SUM(amount_cents), BIT_XOR(CRC32(order_no)) FROM orders"
                + (filters.isEmpty() ? "" : " WHERE " + String.join(" OR ", filters))
                + " GROUP BY product_id, user_id, status");
        if (!productIds.isEmpty()) {
            query.setParameter("products", productIds);
        }
        if (!userIds.isEmpty()) {
            query.setParameter("users", userIds);
        }
        return ((List<Object[]>) query.getResultList()).stream()
                .map(row -> new OrderGroup(((Number) row[0]).longValue(), ((Number) row[1]).longValue(),
                        (String) row[2], ((Number) row[3]).longValue(), ((Number) row[4]).longValue(),
                        ((Number) row[5]).longValue(), ((Number) row[6]).longValue()))
                .toList();
    }
}
