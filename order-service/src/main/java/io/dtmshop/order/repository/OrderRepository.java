package io.dtmshop.order.repository;

import io.dtmshop.order.model.Order;
import io.dtmshop.order.model.OrderStatus;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
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
}
