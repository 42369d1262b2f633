package io.dtmshop.shop.purchase;

import io.agroal.api.AgroalDataSource;
import io.dtmshop.proto.shop.v1.PurchaseReply;
import io.grpc.Status;
import io.quarkus.agroal.DataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Benchmark baseline {@code local}, not a DTM mode: the purchase as a monolith on one database
 * would do it - the same row writes as a SAGA's three branches (the guarded stock UPDATE and its
 * DEDUCT log row, the order CREATED, the guarded balance UPDATE and the PAID payment) in ONE local
 * transaction on one connection, the tables named by schema ({@code stock_db.stock}, ...). It is
 * all or nothing like the modes, without DTM, the barrier or any gRPC call after checkout: the
 * cheapest consistent purchase, possible only because the three schemas share one MariaDB server.
 *
 * <p>Plain JDBC on the {@code baseline} datasource; its settings and why it does not count for
 * the shop's health are in application.properties.
 */
@ApplicationScoped
public class LocalPurchase {

    public static final String MODE = "local";
    private static final Logger LOG = Logger.getLogger(LocalPurchase.class);

    @Inject
    @DataSource("baseline")
    AgroalDataSource db;

    @ConfigProperty(name = "dtmshop.baseline.stock-schema")
    String stockSchema;
    @ConfigProperty(name = "dtmshop.baseline.order-schema")
    String orderSchema;
    @ConfigProperty(name = "dtmshop.baseline.payment-schema")
    String paymentSchema;

    public PurchaseReply purchase(PurchaseOrder order) {
        LOG.infof("order=%s local purchase: %s", order.orderNo(), order.summary());
        try (Connection connection = db.getConnection()) {
            connection.setAutoCommit(false);
            try {
                String refusal = write(connection, order);
                if (refusal != null) {
                    connection.rollback();
                    LOG.infof("order=%s local purchase refused: %s", order.orderNo(), refusal);
                    return PurchaseOutcome.withoutDtm(order, MODE, PurchaseOutcome.FAILED, "rolled back: " + refusal);
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            LOG.errorf(e, "order=%s local purchase failed", order.orderNo());
            // The type only, as the branch services answer: an SQL message names tables and values.
            throw Status.UNAVAILABLE.withDescription("local purchase rolled back: the database failed ("
                    + e.getClass().getSimpleName() + ")").asRuntimeException();
        }
        return PurchaseOutcome.withoutDtm(order, MODE, PurchaseOutcome.SUCCEED, "purchase committed");
    }

    /** @return why the purchase is refused (the caller rolls back), or null when every row is written */
    private String write(Connection c, PurchaseOrder order) throws SQLException {
        long productId = order.productId();
        int quantity = order.quantity();
        long amount = order.amountCents();
        if (update(c, "UPDATE " + stockSchema + ".stock SET quantity = quantity - ? "
                + "WHERE product_id = ? AND quantity - locked >= ?", quantity, productId, quantity) != 1) {
            return "not enough stock for product " + productId + ": requested " + quantity + ", available "
                    + first(c, "SELECT quantity - locked FROM " + stockSchema + ".stock WHERE product_id = ?", productId);
        }
        update(c, "INSERT INTO " + stockSchema + ".stock_deduction_log (order_no, branch_id, product_id, quantity, op) "
                + "VALUES (?, '01', ?, ?, 'DEDUCT')", order.orderNo(), productId, quantity);
        update(c, "INSERT INTO " + orderSchema + ".orders (order_no, user_id, product_id, quantity, amount_cents, status) "
                + "VALUES (?, ?, ?, ?, ?, 'CREATED')", order.orderNo(), order.userId(), productId, quantity, amount);
        if (update(c, "UPDATE " + paymentSchema + ".account SET balance_cents = balance_cents - ? "
                + "WHERE user_id = ? AND balance_cents - frozen_cents >= ?", amount, order.userId(), amount) != 1) {
            return "insufficient balance for user " + order.userId() + ": needs " + amount + " cents, has "
                    + first(c, "SELECT balance_cents - frozen_cents FROM " + paymentSchema + ".account WHERE user_id = ?",
                            order.userId()) + " cents available";
        }
        update(c, "INSERT INTO " + paymentSchema + ".payment (order_no, user_id, amount_cents, status) "
                + "VALUES (?, ?, ?, 'PAID')", order.orderNo(), order.userId(), amount);
        return null;
    }

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement statement = prepare(c, sql, args)) {
            return statement.executeUpdate();
        }
    }

    private static long first(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement statement = prepare(c, sql, args); ResultSet rows = statement.executeQuery()) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement statement = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            statement.setObject(i + 1, args[i]);
        }
        return statement;
    }
}
