package io.dtmshop.it.dtmclient;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** JDBC to the stack's stock_db (MariaDB), as the user the services use. */
public final class StockDb {

    public static final String URL = System.getProperty("stock.db.url", "jdbc:mysql://127.0.0.1:3306/stock_db");
    public static final String USER = System.getProperty("stock.db.user", "shop");
    public static final String PASSWORD = System.getProperty("stock.db.password", "shop");

    private StockDb() {
    }

    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(URL, USER, PASSWORD);
    }

    /** Rows of a barrier table for a gid, each "trans_type branch_id op barrier_id reason", in insert order. */
    public static List<String> barrierRows(String table, String gid) throws SQLException {
        try (Connection c = connect()) {
            return barrierRows(c, table, gid);
        }
    }

    /** {@link #barrierRows(String, String)} on a connection of the caller's (a table of another database). */
    public static List<String> barrierRows(Connection c, String table, String gid) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select trans_type, branch_id, op, barrier_id, reason from "
                + table + " where gid = ? order by id")) {
            ps.setString(1, gid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4)
                            + " " + rs.getString(5));
                }
            }
        }
        return out;
    }

    /** stock-service's audit trail of an order number, each "OP quantity", in insert order. */
    public static List<String> stockMovements(String orderNo) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "select op, quantity from stock_deduction_log where order_no = ? order by id")) {
            ps.setString(1, orderNo);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + " " + rs.getInt(2));
                }
            }
        }
        return out;
    }
}
