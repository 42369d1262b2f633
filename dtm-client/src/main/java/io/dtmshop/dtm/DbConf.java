package io.dtmshop.dtm;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Where an XA branch's database is (Go: {@code dtmcli.DBConf}). An XA branch needs a connection of
 * its own, opened for the branch and closed after {@code XA PREPARE}: MySQL and MariaDB keep a
 * prepared XA transaction attached to the session that prepared it, and that session can run
 * nothing else until the transaction is committed or rolled back - a pooled connection handed
 * back to the pool in that state breaks the next request that borrows it. Closing the session
 * detaches the prepared transaction, which the database then keeps until phase 2 (from any
 * connection) and across restarts. So this is deliberately not a connection pool.
 *
 * @param jdbcUrl e.g. {@code jdbc:mysql://127.0.0.1:3306/stock_db}; the driver must be on the class path
 */
public record DbConf(String jdbcUrl, String user, String password) {

    public DbConf {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    }

    /** A new physical connection, auto-commit on; the caller closes it. */
    public Connection open() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    @Override
    public String toString() {
        return "DbConf[" + jdbcUrl + ", user=" + user + "]"; // never the password
    }
}
