package io.dtmshop.dtm.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Deletes the transactions DTM finished ({@code succeed}, {@code failed}) longer ago than the
 * horizon from DTM's SQL store ({@code trans_global} and their {@code trans_branch_op} rows; the
 * tables of deploy/mysql/dtm-storage.sql, MySQL 8 / MariaDB). DTM v1.19.0 deletes nothing from it
 * (dtmsvr/storage/sql/sql.go has no delete of a transaction; only its boltdb store drops finished
 * transactions, at start-up, and its redis store lets them expire).
 * <p>
 * "Finished" and "when" are DTM's own: {@code status} and {@code update_time}, which DTM sets last
 * when it finishes the transaction (by DTM's clock; the cut-off is the database's, the same clock
 * wherever DTM and the database share a host or both keep UTC). The horizon must still be at least
 * W ({@link LateCallWindow}): a DTM round that a faster round finished goes on for up to W and writes
 * its branches' statuses back (an upsert), which would bring back branch rows of a deleted
 * transaction.
 * <p>
 * {@code trans_global} has no index on {@code update_time}, so the run walks the primary key from
 * the oldest row, {@code batchSize} rows at a time, and stops at the first batch whose last row was
 * created after the cut-off (ids grow with {@code create_time}; a row a little out of order is taken
 * the next run). What is left at the front after a run are the unfinished transactions, so the walk
 * stays short. Each batch's deletes are one short transaction: its branches, then its globals,
 * rechecked as finished and old in the DELETE itself. One instance at a time ({@code GET_LOCK}).
 */
public final class DtmStorePurge {

    private static final String LOCK = "retention:dtm.trans_global";
    /** Rows created this long after the cut-off end the walk: ids and create times are not strictly in step. */
    private static final Duration OUT_OF_ORDER = Duration.ofMinutes(1);

    private DtmStorePurge() {
    }

    /**
     * What one run did.
     *
     * @param transactions    trans_global rows deleted
     * @param branches        trans_branch_op rows deleted
     * @param batches         delete transactions
     * @param longestBatch    the longest of them: the longest any row lock of this run was held
     * @param took            the whole run
     * @param skipped         why nothing was done, or null
     */
    public record Result(long transactions, long branches, int batches, Duration longestBatch, Duration took,
                         String skipped) {

        @Override
        public String toString() {
            if (skipped != null) {
                return "DTM's store: skipped, " + skipped;
            }
            return "DTM's store: deleted %d finished transactions and %d branch rows in %d batches (longest batch %s, whole run %s)"
                    .formatted(transactions, branches, batches, Durations.show(longestBatch), Durations.show(took));
        }
    }

    /**
     * @param connection a connection to DTM's database
     * @param horizon    transactions finished longer ago than this go
     * @param batchSize  transactions per delete
     * @param lockWait   the longest a delete waits for a row lock (whole seconds, at least 1)
     */
    public static Result run(Connection connection, Duration horizon, int batchSize, Duration lockWait) throws SQLException {
        long started = System.nanoTime();
        Result result = TablePurge.inPurgeSession(connection, LOCK, lockWait,
                () -> purge(connection, horizon, batchSize, started));
        return result != null ? result : new Result(0, 0, 0, Duration.ZERO, Duration.ofNanos(System.nanoTime() - started),
                "another instance is cleaning it (lock " + LOCK + ")");
    }

    private static Result purge(Connection c, Duration horizon, int batchSize, long started) throws SQLException {
        LocalDateTime cutoff = TablePurge.cutoff(c, horizon);
        LocalDateTime walkUntil = cutoff.plus(OUT_OF_ORDER);
        long transactions = 0;
        long branches = 0;
        int batches = 0;
        long longest = 0;
        long lastId = 0;
        while (true) {
            List<Long> ids = new ArrayList<>();
            List<String> gids = new ArrayList<>();
            int seen = 0;
            LocalDateTime lastCreated = null;
            try (PreparedStatement read = c.prepareStatement(
                    "SELECT id, gid, status, update_time, create_time FROM trans_global WHERE id > ? ORDER BY id LIMIT ?")) {
                read.setLong(1, lastId);
                read.setInt(2, batchSize);
                try (ResultSet rows = read.executeQuery()) {
                    while (rows.next()) {
                        seen++;
                        lastId = rows.getLong(1);
                        LocalDateTime updated = rows.getObject(4, LocalDateTime.class);
                        lastCreated = rows.getObject(5, LocalDateTime.class);
                        if (isFinished(rows.getString(3)) && updated != null && updated.isBefore(cutoff)) {
                            ids.add(lastId);
                            gids.add(rows.getString(2));
                        }
                    }
                }
            }
            if (!ids.isEmpty()) {
                long batchStarted = System.nanoTime();
                connectionAutoCommit(c, false);
                try {
                    branches += deleteIn(c, "DELETE FROM trans_branch_op WHERE gid IN (%s)", gids, List.of());
                    transactions += deleteIn(c, "DELETE FROM trans_global WHERE id IN (%s)"
                            + " AND status IN ('succeed', 'failed') AND update_time < ?", ids,
                            List.of(TablePurge.sqlTime(cutoff)));
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    connectionAutoCommit(c, true);
                }
                longest = Math.max(longest, System.nanoTime() - batchStarted);
                batches++;
            }
            if (seen < batchSize || lastCreated == null || !lastCreated.isBefore(walkUntil)) {
                break;
            }
        }
        return new Result(transactions, branches, batches, Duration.ofNanos(longest),
                Duration.ofNanos(System.nanoTime() - started), null);
    }

    private static boolean isFinished(String status) {
        return "succeed".equals(status) || "failed".equals(status);
    }

    private static int deleteIn(Connection c, String sql, List<?> values, List<?> more) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.formatted(String.join(",", Collections.nCopies(values.size(), "?"))))) {
            int i = 1;
            for (Object value : values) {
                ps.setObject(i++, value);
            }
            for (Object value : more) {
                ps.setObject(i++, value);
            }
            return ps.executeUpdate();
        }
    }

    private static void connectionAutoCommit(Connection c, boolean on) throws SQLException {
        if (c.getAutoCommit() != on) {
            c.setAutoCommit(on);
        }
    }
}
