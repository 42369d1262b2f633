package io.dtmshop.dtm.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Deletes the rows of one {@link RetentionTable} older than the horizon, except those of the
 * protected gids (DTM's unfinished transactions), in small batches that hold their locks briefly
 * (MySQL 8 / MariaDB):
 * <ol>
 * <li>{@code GET_LOCK} named after database and table, not waiting: of several replicas of a
 *     service, one cleans a table at a time; the others skip it.</li>
 * <li>The cut-off by the database's own clock, once: {@code NOW(6) - INTERVAL horizon SECOND}; the
 *     rows' times are the database's too.</li>
 * <li>Batch after batch: a plain (non-locking) read of the next {@code batchSize} rows older than
 *     the cut-off along the time index, after the last one seen; then one {@code DELETE ... WHERE id
 *     IN (...)} of those whose gid is not protected, committed on its own. The read locks nothing
 *     and skips rows another transaction has not committed (a prepared XA branch's); the delete
 *     locks only the rows it removes, in READ COMMITTED without gap locks, so inserts of new rows
 *     never wait for it. A delete that has to wait for a row lock gives up after
 *     {@code lockWait} and ends the run (the next run tries again).</li>
 * </ol>
 * The connection's isolation level and lock wait are restored afterwards (it goes back to a pool).
 */
public final class TablePurge {

    private static final DateTimeFormatter SQL_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private TablePurge() {
    }

    /**
     * What one run did to one table.
     *
     * @param deleted       rows deleted
     * @param keptUnfinished rows older than the horizon kept because DTM holds their transaction unfinished
     * @param batches       DELETE statements (each its own transaction)
     * @param longestBatch  the longest of them: the longest any row lock of this run was held
     * @param took          the whole run on this table
     * @param skipped       why nothing was done (another instance holds the table's lock), or null
     */
    public record Result(String table, long deleted, long keptUnfinished, int batches, Duration longestBatch, Duration took,
                         String skipped) {

        @Override
        public String toString() {
            if (skipped != null) {
                return table + ": skipped, " + skipped;
            }
            return "%s: deleted %d rows in %d batches (longest batch %s, whole run %s); kept %d rows of unfinished transactions"
                    .formatted(table, deleted, batches, Durations.show(longestBatch), Durations.show(took), keptUnfinished);
        }
    }

    /**
     * @param connection    a connection to the table's database (autocommit is set for the run)
     * @param horizon       rows whose time is older than this (by the database's clock) go
     * @param protectedGids gids whose rows stay whatever their age
     * @param batchSize     rows per DELETE
     * @param lockWait      the longest a DELETE waits for a row lock ({@code innodb_lock_wait_timeout}, whole seconds, at least 1)
     */
    public static Result run(Connection connection, RetentionTable table, Duration horizon, Set<String> protectedGids,
                             int batchSize, Duration lockWait) throws SQLException {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1: " + batchSize);
        }
        long started = System.nanoTime();
        String lockName = lockName(connection, table);
        Result result = inPurgeSession(connection, lockName, lockWait,
                () -> purge(connection, table, horizon, protectedGids, batchSize, started));
        return result != null ? result : new Result(table.name(), 0, 0, 0, Duration.ZERO,
                Duration.ofNanos(System.nanoTime() - started), "another instance is cleaning it (lock " + lockName + ")");
    }

    /** What runs in {@link #inPurgeSession}. */
    @FunctionalInterface
    interface SessionWork<T> {
        T run() throws SQLException;
    }

    /**
     * Runs a purge's work under the named database lock ({@code GET_LOCK}: one instance at a time),
     * in autocommit, READ COMMITTED, with {@code innodb_lock_wait_timeout} set to {@code lockWait}
     * (whole seconds, at least 1), and puts the session back as it found it (the connection may be
     * a pooled one).
     *
     * @return the work's result; null when another instance holds the lock (nothing was done)
     */
    static <T> T inPurgeSession(Connection connection, String lockName, Duration lockWait, SessionWork<T> work)
            throws SQLException {
        if (!tryLock(connection, lockName)) {
            return null;
        }
        boolean autoCommit = connection.getAutoCommit();
        int isolation = connection.getTransactionIsolation();
        long previousLockWait = sessionLockWait(connection);
        try {
            connection.setAutoCommit(true);
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            setSessionLockWait(connection, Math.max(1, lockWait.toSeconds()));
            return work.run();
        } finally {
            setSessionLockWait(connection, previousLockWait);
            connection.setTransactionIsolation(isolation);
            connection.setAutoCommit(autoCommit);
            unlock(connection, lockName);
        }
    }

    private static Result purge(Connection c, RetentionTable table, Duration horizon, Set<String> protectedGids,
                                int batchSize, long started) throws SQLException {
        LocalDateTime cutoff = cutoff(c, horizon);
        String t = table.timeColumn();
        String first = "SELECT id, %s, %s FROM %s WHERE %s < ? ORDER BY %s, id LIMIT ?"
                .formatted(table.gidColumn(), t, table.name(), t, t);
        String next = ("SELECT id, %s, %s FROM %s WHERE %s < ? AND (%s > ? OR (%s = ? AND id > ?)) ORDER BY %s, id LIMIT ?")
                .formatted(table.gidColumn(), t, table.name(), t, t, t, t);
        long deleted = 0;
        long kept = 0;
        int batches = 0;
        long longest = 0;
        LocalDateTime lastTime = null;
        long lastId = 0;
        while (true) {
            List<Long> ids = new ArrayList<>(batchSize);
            int seen = 0;
            try (PreparedStatement read = c.prepareStatement(lastTime == null ? first : next)) {
                read.setString(1, sqlTime(cutoff));
                if (lastTime == null) {
                    read.setInt(2, batchSize);
                } else {
                    read.setString(2, sqlTime(lastTime));
                    read.setString(3, sqlTime(lastTime));
                    read.setLong(4, lastId);
                    read.setInt(5, batchSize);
                }
                try (ResultSet rows = read.executeQuery()) {
                    while (rows.next()) {
                        seen++;
                        lastId = rows.getLong(1);
                        lastTime = rows.getObject(3, LocalDateTime.class);
                        if (protectedGids.contains(rows.getString(2))) {
                            kept++;
                        } else {
                            ids.add(lastId);
                        }
                    }
                }
            }
            if (!ids.isEmpty()) {
                long batchStarted = System.nanoTime();
                deleted += delete(c, table, ids, cutoff);
                longest = Math.max(longest, System.nanoTime() - batchStarted);
                batches++;
            }
            if (seen < batchSize) {
                break;
            }
        }
        return new Result(table.name(), deleted, kept, batches, Duration.ofNanos(longest),
                Duration.ofNanos(System.nanoTime() - started), null);
    }

    private static int delete(Connection c, RetentionTable table, List<Long> ids, LocalDateTime cutoff) throws SQLException {
        String sql = "DELETE FROM %s WHERE id IN (%s) AND %s < ?".formatted(table.name(),
                String.join(",", java.util.Collections.nCopies(ids.size(), "?")), table.timeColumn());
        try (PreparedStatement delete = c.prepareStatement(sql)) {
            int i = 1;
            for (long id : ids) {
                delete.setLong(i++, id);
            }
            delete.setString(i, sqlTime(cutoff));
            return delete.executeUpdate();
        }
    }

    /**
     * A time as a literal with all six fractional digits. Bound as a {@code LocalDateTime}, Connector/J
     * drops the fraction when the server reports a version before 5.6.4, as MariaDB does (5.5.5-...):
     * the walk would then read the rows of a second again and again - for ever, once a second held
     * more rows of unfinished transactions than a batch.
     */
    static String sqlTime(LocalDateTime time) {
        return time.format(SQL_TIME);
    }

    /** {@code NOW(6) - INTERVAL horizon SECOND}, by the database's clock. */
    static LocalDateTime cutoff(Connection c, Duration horizon) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT NOW(6) - INTERVAL ? SECOND")) {
            ps.setLong(1, horizon.toSeconds());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1, LocalDateTime.class);
            }
        }
    }

    /** {@code retention:<database>.<table>}, at most 64 characters (MySQL's limit for lock names). */
    private static String lockName(Connection c, RetentionTable table) throws SQLException {
        String qualified;
        if (table.qualified()) {
            qualified = table.name(); // one table, whichever database the connection is in
        } else {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT DATABASE()")) {
                rs.next();
                qualified = rs.getString(1) + "." + table.name();
            }
        }
        String name = "retention:" + qualified;
        return name.length() <= 64 ? name : name.substring(0, 64);
    }

    static boolean tryLock(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT GET_LOCK(?, 0)")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getInt(1) == 1;
            }
        }
    }

    static void unlock(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT RELEASE_LOCK(?)")) {
            ps.setString(1, name);
            ps.executeQuery().close();
        }
    }

    /** The session's {@code innodb_lock_wait_timeout}, seconds. */
    private static long sessionLockWait(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT @@SESSION.innodb_lock_wait_timeout")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void setSessionLockWait(Connection c, long seconds) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET SESSION innodb_lock_wait_timeout = " + seconds);
        }
    }

    /**
     * The database's {@code innodb_lock_wait_timeout} (global: what the services' own connections
     * get), the {@code lockWait} term of {@link LateCallWindow}.
     */
    public static Duration databaseLockWait(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT @@GLOBAL.innodb_lock_wait_timeout")) {
            rs.next();
            return Duration.ofSeconds(rs.getLong(1));
        }
    }
}
