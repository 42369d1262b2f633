package io.dtmshop.it;

import io.dtmshop.it.dtmclient.StockDb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The three services' databases as the tests see them: fixtures of their own (a product or an
 * account no other test touches) and the XA transactions a database holds prepared.
 */
public final class ShopDb {

    public static final String STOCK = "stock_db";
    public static final String ORDER = "order_db";
    public static final String PAYMENT = "payment_db";

    /** The products and accounts made since the last {@link #takeFixtures()}, for {@link ConsistentAfterEach}. */
    private static final Set<Long> PRODUCTS = ConcurrentHashMap.newKeySet();
    private static final Set<Long> USERS = ConcurrentHashMap.newKeySet();

    private ShopDb() {
    }

    public record Fixtures(Set<Long> products, Set<Long> users) {
    }

    /** The products and accounts made since the last call; forgets them. */
    static synchronized Fixtures takeFixtures() {
        Fixtures made = new Fixtures(Set.copyOf(PRODUCTS), Set.copyOf(USERS));
        PRODUCTS.clear();
        USERS.clear();
        return made;
    }

    public static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(StockDb.URL.replace("stock_db", database), StockDb.USER, StockDb.PASSWORD);
    }

    /**
     * DTM's store is its SQL store on this MariaDB (database {@code dtm}, deploy/mysql/dtm-storage.sql):
     * docker-compose's, and scripts/stack.sh's unless STACK_DTM_STORE is boltdb or redis, which have
     * no database {@code dtm}.
     */
    public static boolean dtmStoreInMariaDb() throws SQLException {
        try (Connection c = connect(STOCK); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'dtm' AND table_name = 'trans_global'")) {
            rs.next();
            return rs.getInt(1) == 1;
        }
    }

    /** A new product with {@code quantity} units in stock; its id. */
    public static long newProduct(String name, long priceCents, int quantity) throws SQLException {
        try (Connection c = connect(STOCK)) {
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO product (name, price_cents) VALUES (?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, name);
                ps.setLong(2, priceCents);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO stock (product_id, initial_quantity, quantity) VALUES (?, ?, ?)")) {
                ps.setLong(1, id);
                ps.setInt(2, quantity);
                ps.setInt(3, quantity);
                ps.executeUpdate();
            }
            PRODUCTS.add(id);
            return id;
        }
    }

    /** A new account with this balance; its user id (above the demo users). */
    public static long newAccount(long balanceCents) throws SQLException {
        try (Connection c = connect(PAYMENT)) {
            long id;
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT GREATEST(COALESCE(MAX(user_id), 0), 1000) + 1 FROM account")) {
                rs.next();
                id = rs.getLong(1);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO account (user_id, initial_balance_cents, balance_cents) VALUES (?, ?, ?)")) {
                ps.setLong(1, id);
                ps.setLong(2, balanceCents);
                ps.setLong(3, balanceCents);
                ps.executeUpdate();
            }
            USERS.add(id);
            return id;
        }
    }

    /**
     * The XA ids the database server holds prepared ({@code XA RECOVER}), each
     * {@code <gid>-<branch id>}. The list is the server's, not one database's: the three services'
     * databases share the stack's MariaDB, and a purchase's branches 01, 02, 03 are stock, order and
     * payment in call order.
     */
    public static List<String> preparedXids() throws SQLException {
        List<String> xids = new ArrayList<>();
        try (Connection c = connect(STOCK); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("XA RECOVER")) {
            while (rs.next()) {
                xids.add(rs.getString("data"));
            }
        }
        return xids;
    }

    /** Prepared XA ids of one purchase, sorted. */
    public static List<String> preparedXids(String gid) throws SQLException {
        return preparedXids().stream().filter(xid -> xid.startsWith(gid + "-")).sorted().toList();
    }
}
