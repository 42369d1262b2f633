package io.dtmshop.it.gointerop;

import io.dtmshop.it.dtmclient.StockDb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * The Go ledger's database (goledger_db, its table ledger_account) and the barrier table of DTM's Go
 * client (dtm_barrier.barrier), as the tests see them. Each test opens accounts of its own.
 */
public final class LedgerDb {

    public static final String URL = StockDb.URL.replace("stock_db", "goledger_db");

    private LedgerDb() {
    }

    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(URL, StockDb.USER, StockDb.PASSWORD);
    }

    /** A new account with this balance; its name. */
    public static String openAccount(long balanceCents) throws SQLException {
        String account = "acct-" + UUID.randomUUID().toString().substring(0, 13);
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO ledger_account (account, balance_cents) VALUES (?, ?)")) {
            ps.setString(1, account);
            ps.setLong(2, balanceCents);
            ps.executeUpdate();
        }
        return account;
    }

    /** Adds cents to an account behind the ledger's back (no DTM, no barrier). */
    public static void addBehindTheBack(String account, long cents) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "UPDATE ledger_account SET balance_cents = balance_cents + ? WHERE account = ?")) {
            ps.setLong(1, cents);
            ps.setString(2, account);
            ps.executeUpdate();
        }
    }

    /** "balance frozen" of an account, in cents. */
    public static String figures(String account) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT balance_cents, frozen_cents FROM ledger_account WHERE account = ?")) {
            ps.setString(1, account);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no ledger account " + account);
                }
                return rs.getLong(1) + " " + rs.getLong(2);
            }
        }
    }

    /** Rows of Go's barrier table (dtm_barrier.barrier) for a gid, each "trans_type branch_id op barrier_id reason". */
    public static List<String> goBarrierRows(String gid) throws SQLException {
        try (Connection c = connect()) {
            return StockDb.barrierRows(c, "dtm_barrier.barrier", gid);
        }
    }
}
