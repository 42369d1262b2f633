package io.dtmshop.order.repository;

import io.dtmshop.order.model.Order;
import io.dtmshop.order.model.OrderStatus;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * The XA branch's reads and writes, in plain JDBC. An XA branch must run every statement on the
 * one connection that carries its XA transaction ({@code XA START ... XA PREPARE}); Hibernate
 * works on connections of its own, so it cannot take part.
 */
@ApplicationScoped
public class OrderXaRepository {

    /** The order as this XA transaction sees it (a detached entity), or null when there is none. */
    public Order find(Connection xa, String orderNo) throws SQLException {
        try (PreparedStatement ps = xa.prepareStatement("select id, user_id, product_id, quantity, amount_cents, "
                + "status, created_at, updated_at from orders where order_no = ?")) {
            ps.setString(1, orderNo);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Order order = new Order();
                order.id = rs.getLong(1);
                order.orderNo = orderNo;
                order.userId = rs.getLong(2);
                order.productId = rs.getLong(3);
                order.quantity = rs.getInt(4);
                order.amountCents = rs.getLong(5);
                order.status = OrderStatus.valueOf(rs.getString(6));
                order.createdAt = toInstant(rs.getTimestamp(7));
                order.updatedAt = toInstant(rs.getTimestamp(8));
                return order;
            }
        }
    }

    /** Inserts the order; created_at and updated_at take the table's defaults. */
    public void insert(Connection xa, String orderNo, long userId, long productId, int quantity, long amountCents,
            OrderStatus status) throws SQLException {
        try (PreparedStatement ps = xa.prepareStatement("insert into orders (order_no, user_id, product_id, quantity, "
                + "amount_cents, status) values (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, orderNo);
            ps.setLong(2, userId);
            ps.setLong(3, productId);
            ps.setInt(4, quantity);
            ps.setLong(5, amountCents);
            ps.setString(6, status.name());
            ps.executeUpdate();
        }
    }

    private static Instant toInstant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
