package io.dtmshop.payment.repository;

import io.dtmshop.payment.model.Payment;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class PaymentRepository implements PanacheRepositoryBase<Payment, Long> {

    public Optional<Payment> findByOrderNo(String orderNo) {
        return find("orderNo", orderNo).firstResultOptional();
    }

    /** The payments of one user and status, summed up for the consistency audit. */
    public record PaymentGroup(long userId, String status, long payments, long amountCents, long fingerprint) {
    }

    /**
     * The payments of these users (or of every user when the list is empty) per user and status.
     * The fingerprint, XOR of CRC32(order_no), lets the audit compare the order numbers here with
     * order-service's without sending them.
     */
    @SuppressWarnings("unchecked")
    public List<PaymentGroup> sumUpForAudit(List<Long> userIds) {
        var query = getEntityManager().createNativeQuery("SELECT user_id, status, COUNT(*), SUM(amount_cents),"
                + " BIT_XOR(CRC32(order_no)) FROM payment"
                + (userIds.isEmpty() ? "" : " WHERE user_id IN (:users)") + " GROUP BY user_id, status");
        if (!userIds.isEmpty()) {
            query.setParameter("users", userIds);
        }
        return ((List<Object[]>) query.getResultList()).stream()
                .map(row -> new PaymentGroup(((Number) row[0]).longValue(), (String) row[1],
                        ((Number) row[2]).longValue(), ((Number) row[3]).longValue(), ((Number) row[4]).longValue()))
                .toList();
    }
}
