package io.dtmshop.order.service;

import io.agroal.api.AgroalDataSource;
import io.dtmshop.dtm.DbConf;
import io.dtmshop.dtm.DtmGrpcClient;
import io.dtmshop.dtm.barrier.BranchBarrier;
import io.dtmshop.order.model.Order;
import io.dtmshop.order.model.OrderStatus;
import io.dtmshop.order.repository.OrderRepository;
import io.dtmshop.order.repository.OrderXaRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Orders as DTM branches.
 *
 * <p>Each write runs in one JTA transaction that holds both the barrier rows and the business
 * rows: {@code barrier.callInTransaction(dataSource, ...)} inside {@code @Transactional} takes the connection enlisted
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
    private final OrderXaRepository xaOrders;
    private final DtmGrpcClient dtm;
    private final DbConf xaDb;

    public OrderService(AgroalDataSource dataSource, OrderRepository orders, OrderXaRepository xaOrders,
            DtmGrpcClient dtm, DbConf xaDb) {
        this.dataSource = dataSource;
        this.orders = orders;
        this.xaOrders = xaOrders;
        this.dtm = dtm;
        this.xaDb = xaDb;
    }

    /** The consistency audit's figures: the orders of these products or users (all when both are empty), summed up. */
    public List<OrderRepository.OrderGroup> audit(List<Long> productIds, List<Long> userIds) {
        return orders.sumUpForAudit(productIds, userIds);
    }

    public Optional<Order> findOrder(String orderNo) {
        return orders.findByOrderNo(orderNo);
    }

    /**
     * SAGA action and 2-phase-message branch: records the order as CREATED, or as UNPAID when it
     * awaits payment (the 2-phase-message purchase does not pay).
     *
     * @return the order afterwards
     * @throws io.dtmshop.dtm.DtmFailureException invalid order, or its number is already taken
     */
    @Transactional(rollbackOn = SQLException.class)
    public Optional<Order> create(BranchBarrier barrier, Order order, boolean awaitingPayment) throws SQLException {
        barrier.callInTransaction(dataSource,
                ignored -> insert(order, awaitingPayment ? OrderStatus.UNPAID : OrderStatus.CREATED));
        return orders.findByOrderNo(order.orderNo);
    }

    /**
     * The row write of {@link #create} without the barrier, for the {@code direct} benchmark
     * baseline (no DTM): the same order, CREATED.
     *
     * @return the order as stored
     * @throws io.dtmshop.dtm.DtmFailureException invalid order, or its number is already taken
     */
    @Transactional
    public Optional<Order> createWithoutBarrier(Order order) {
        insert(order, OrderStatus.CREATED);
        return Optional.of(order);
    }

    /** The row write of an order: checked, unique by order number, stored in this status. */
    private void insert(Order order, OrderStatus status) {
        OrderRules.requireValid(order.orderNo, order.quantity, order.amountCents);
        if (orders.findByOrderNo(order.orderNo).isPresent()) {
            throw OrderRules.duplicateOrderNo(order.orderNo);
        }
        order.status = status;
        orders.persist(order);
    }

    /**
     * SAGA compensation of {@link #create}: the order becomes CANCELLED. The barrier skips it when
     * the order was never created, so it only cancels what exists.
     *
     * @return the order afterwards; empty when there was none to cancel
     */
    @Transactional(rollbackOn = SQLException.class)
    public Optional<Order> cancel(BranchBarrier barrier, String orderNo) throws SQLException {
        barrier.callInTransaction(dataSource, ignored -> {
            Order order = orders.findByOrderNo(orderNo).orElseThrow(() ->
                    // create committed, so the row existed: someone removed it since.
                    // Not a business failure (a compensation must not fail): let DTM retry.
                    new IllegalStateException("cannot cancel order " + orderNo + ": not found"));
            order.status = OrderStatus.CANCELLED;
            orders.flush(); // write it inside the barrier's transaction now, not at commit
        });
        return orders.findByOrderNo(orderNo);
    }

    /**
     * TCC Try: records the order as PENDING, with the same checks as {@link #create}. The barrier
     * makes a repeated Try a no-op and a Try that arrives after its Cancel do nothing.
     *
     * @return the order afterwards; empty when the barrier turned the Try away (after its Cancel)
     * @throws io.dtmshop.dtm.DtmFailureException invalid order, or its number is already taken
     */
    @Transactional(rollbackOn = SQLException.class)
    public Optional<Order> tryCreate(BranchBarrier barrier, Order order) throws SQLException {
        barrier.callInTransaction(dataSource, ignored -> {
            OrderRules.requireValid(order.orderNo, order.quantity, order.amountCents);
            if (orders.findByOrderNo(order.orderNo).isPresent()) {
                throw OrderRules.duplicateOrderNo(order.orderNo);
            }
            order.status = OrderStatus.PENDING;
            orders.persist(order);
        });
        return orders.findByOrderNo(order.orderNo);
    }

    /**
     * TCC Confirm: PENDING -> CONFIRMED. DTM calls it only after every Try succeeded, and retries
     * it until it succeeds.
     *
     * @return the order afterwards
     */
    @Transactional(rollbackOn = SQLException.class)
    public Optional<Order> confirmCreate(BranchBarrier barrier, String orderNo) throws SQLException {
        barrier.callInTransaction(dataSource, ignored -> {
            if (!orders.changeStatus(orderNo, OrderStatus.PENDING, OrderStatus.CONFIRMED)) {
                // The Try committed a PENDING order and only this Confirm moves it on: if it is
                // gone or elsewhere that is not a business failure (a Confirm must not fail) but
                // something to fix; DTM retries meanwhile.
                throw notPending("confirm", orderNo);
            }
        });
        return orders.findByOrderNo(orderNo);
    }

    /**
     * TCC Cancel: PENDING -> CANCELLED. The barrier skips it when the Try never ran (or failed),
     * so it only cancels an order the Try created.
     *
     * @return the order afterwards; empty when there was none to cancel
     */
    @Transactional(rollbackOn = SQLException.class)
    public Optional<Order> cancelCreate(BranchBarrier barrier, String orderNo) throws SQLException {
        barrier.callInTransaction(dataSource, ignored -> {
            if (!orders.changeStatus(orderNo, OrderStatus.PENDING, OrderStatus.CANCELLED)) {
                // As in confirmCreate: a Cancel must not fail, so DTM retries until this is fixed.
                throw notPending("cancel", orderNo);
            }
        });
        return orders.findByOrderNo(orderNo);
    }

    /**
     * XA branch: with op "action" inserts the order as CREATED inside a database XA transaction,
     * which dtm-client registers with DTM and prepares; the row stays uncommitted until DTM's
     * phase 2 (op "commit" or "rollback", empty request) commits or rolls it back. Not in a
     * container transaction: the XA transaction is the transaction.
     *
     * @return the order as the branch left it (uncommitted for an action); empty for phase 2
     * @throws io.dtmshop.dtm.DtmFailureException invalid order, or its number is already taken:
     *         nothing was prepared
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public Optional<Order> xaCreate(String orderNo, long userId, long productId, int quantity, long amountCents)
            throws SQLException {
        Order[] created = {null};
        dtm.xaLocalTransaction(xaDb, xa -> {
            OrderRules.requireValid(orderNo, quantity, amountCents);
            if (xaOrders.find(xa, orderNo) != null) {
                throw OrderRules.duplicateOrderNo(orderNo);
            }
            xaOrders.insert(xa, orderNo, userId, productId, quantity, amountCents, OrderStatus.CREATED);
            created[0] = xaOrders.find(xa, orderNo);
        });
        return Optional.ofNullable(created[0]);
    }

    /** Why a guarded status change of a TCC Confirm or Cancel changed no row. */
    private IllegalStateException notPending(String step, String orderNo) {
        return new IllegalStateException("cannot " + step + " order " + orderNo + ": " + orders.findByOrderNo(orderNo)
                .map(order -> "it is " + order.status + ", not PENDING").orElse("not found"));
    }
}
