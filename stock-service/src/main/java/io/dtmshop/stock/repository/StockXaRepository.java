package io.dtmshop.stock.repository;

import io.dtmshop.stock.model.Stock;
import io.dtmshop.stock.model.StockOp;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The XA branch's writes, in plain JDBC. An XA branch must run every statement on the one
 * connection that carries its XA transaction ({@code XA START ... XA PREPARE}); Hibernate works on
 * connections of its own, so it cannot take part. The statements are the same guarded ones as in
 * {@link StockRepository}.
 */
@ApplicationScoped
public class StockXaRepository {

    /** Same guard as {@link StockRepository#deduct}. @return false when nothing was deducted */
    public boolean deduct(Connection xa, long productId, int quantity) throws SQLException {
        try (PreparedStatement ps = xa.prepareStatement(
                "update stock set quantity = quantity - ? where product_id = ? and quantity - locked >= ?")) {
            ps.setInt(1, quantity);
            ps.setLong(2, productId);
            ps.setInt(3, quantity);
            return ps.executeUpdate() == 1;
        }
    }

    /** The stock row as this XA transaction sees it (a detached entity), or null when there is none. */
    public Stock find(Connection xa, long productId) throws SQLException {
        try (PreparedStatement ps = xa.prepareStatement("select quantity, locked from stock where product_id = ?")) {
            ps.setLong(1, productId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Stock stock = new Stock();
                stock.productId = productId;
                stock.quantity = rs.getInt(1);
                stock.locked = rs.getInt(2);
                return stock;
            }
        }
    }

    public void log(Connection xa, String orderNo, String branchId, long productId, int quantity, StockOp op)
            throws SQLException {
        try (PreparedStatement ps = xa.prepareStatement(
                "insert into stock_deduction_log (order_no, branch_id, product_id, quantity, op) values (?, ?, ?, ?, ?)")) {
            ps.setString(1, orderNo);
            ps.setString(2, branchId);
            ps.setLong(3, productId);
            ps.setInt(4, quantity);
            ps.setString(5, op.name());
            ps.executeUpdate();
        }
    }
}
