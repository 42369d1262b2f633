package io.dtmshop.order.service;

import io.agroal.api.AgroalDataSource;
import io.dtmshop.dtm.barrier.BranchBarrier;
import io.dtmshop.order.model.Order;
import io.dtmshop.order.model.OrderStatus;
import io.dtmshop.order.repository.OrderRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Orders as DTM branches.
 *
 * <p>Each write runs in one JTA transaction that holds both the barrier rows and the business
 * rows: {@code dataSource.getConnection()} inside {@code @Transactional} is the connection enlisted
 * in that transaction, the same one Hibernate writes through. So a failure rolls back both, and a
 * commit makes both durable; DTM may call a branch any number of times and the order changes once.
 *
 * <p>{@code rollbackOn = SQLException.class}: JTA commits on checked exceptions by default, and a
 * barrier insert that fails half-way must not leave its first row behind.
 */
@ApplicationScoped
public class OrderService {

    private final AgroalDataSource dataSource;
    private final OrderRepository orders;

    public OrderService(AgroalDataSource dataSource, OrderRepository orders) {
        this.dataSource = dataSource;
        this.orders = orders;
    }

    public Optional<Order> findOrder(String orderNo) {
        return orders.findByOrderNo(orderNo);
    }

    /**
     * SAGA action and 2-phase-message branch: records the order as CREATED.
     *
     * @return the order afterwards
     * @throws io.dtmshop.dtm.DtmFailureException invalid order, or its number is already taken
     */
    @Transactional(rollbackOn = SQLException.class)
    public Optional<Order> create(BranchBarrier barrier, Order order) throws SQLException {
        try (Connection tx = dataSource.getConnection()) {
            barrier.call(tx, ignored -> {
                OrderRules.requireValid(order.orderNo, order.quantity, order.amountCents);
                if (orders.findByOrderNo(order.orderNo).isPresent()) {
                    throw OrderRules.duplicateOrderNo(order.orderNo);
                }
                order.status = OrderStatus.CREATED;
                orders.persist(order);
            });
        }
        return orders.findByOrderNo(order.orderNo);
    }

    /**
     * SAGA compensation of {@link #create}: the order becomes CANCELLED. The barrier skips it when
     * the order was never created, so it only cancels what exists.
     *
     * @return the order afterwards; empty when there was none to cancel
     */
    @Transactional(rollbackOn = SQLException.class)
    public Optional<Order> cancel(BranchBarrier barrier, String orderNo) throws SQLException {
        try (Connection tx = dataSource.getConnection()) {
            barrier.call(tx, ignored -> {
                Order order = orders.findByOrderNo(orderNo).orElseThrow(() ->
                        // create committed, so the row existed: someone removed it since.
                        // Not a business failure (a compensation must not fail): let DTM retry.
                        new IllegalStateException("cannot cancel order " + orderNo + ": not found"));
                order.status = OrderStatus.CANCELLED;
                orders.flush(); // write it inside the barrier's transaction now, not at commit
            });
        }
        return orders.findByOrderNo(orderNo);
    }
}
