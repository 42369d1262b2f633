package io.dtmshop.dtm.retention;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import javax.sql.DataSource;

/**
 * The retention of a branch service: its barrier table and its own logs of branch calls
 * ({@link RetentionTable}), cleaned of the rows of transactions DTM finished long ago. Call
 * {@link #run()} every {@link RetentionHorizon#period()}; each run
 * <ol>
 * <li>takes a snapshot of the gids DTM holds unfinished ({@link UnfinishedSource}) into the
 *     {@link UnfinishedHistory};</li>
 * <li>asks the history what it may delete: nothing until it reaches back W, nor while DTM has not
 *     answered for too long; otherwise every row older than the horizon, except those of a gid
 *     unfinished in any snapshot of the last W;</li>
 * <li>purges each table ({@link TablePurge}).</li>
 * </ol>
 * If DTM lists more unfinished transactions than {@code maxUnfinished}, the run deletes nothing
 * (and says so): they are held in memory, W's worth of snapshots.
 */
public final class BranchRetention {

    /** How long one DELETE batch may wait for a row lock before the run gives up. */
    public static final Duration DELETE_LOCK_WAIT = Duration.ofSeconds(2);

    /** DTM's unfinished gids: {@link io.dtmshop.dtm.DtmHttpReader#unfinishedGids}. */
    @FunctionalInterface
    public interface UnfinishedSource {
        Set<String> unfinishedGids(int atMost) throws Exception;
    }

    private final RetentionHorizon horizon;
    private final UnfinishedSource dtm;
    private final DataSource dataSource;
    private final List<RetentionTable> tables;
    private final int maxUnfinished;
    private final int batchSize;
    private final LongSupplier nanoClock;
    private final UnfinishedHistory history;

    /**
     * @param horizon       checked already ({@link RetentionHorizon#requireSafe})
     * @param tables        cleaned in this order
     * @param maxUnfinished the most unfinished gids a snapshot may hold
     * @param batchSize     rows per DELETE
     * @param nanoClock     {@code System::nanoTime}, or a test's clock
     */
    public BranchRetention(RetentionHorizon horizon, UnfinishedSource dtm, DataSource dataSource,
                           List<RetentionTable> tables, int maxUnfinished, int batchSize, LongSupplier nanoClock) {
        this.horizon = Objects.requireNonNull(horizon, "horizon");
        this.dtm = Objects.requireNonNull(dtm, "dtm");
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.tables = List.copyOf(tables);
        this.maxUnfinished = maxUnfinished;
        this.batchSize = batchSize;
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.history = new UnfinishedHistory(horizon.window().length(), nanoClock.getAsLong());
    }

    /**
     * What one run did.
     *
     * @param snapshot how DTM's snapshot went: the number of unfinished gids, or why there is none
     * @param waited   why nothing was deleted, or null
     * @param tables   per table, when something was deleted
     */
    public record Report(String snapshot, String waited, List<TablePurge.Result> tables) {

        public long deleted() {
            return tables.stream().mapToLong(TablePurge.Result::deleted).sum();
        }

        @Override
        public String toString() {
            return waited != null ? "deleted nothing: " + waited + " (snapshot: " + snapshot + ")"
                    : "snapshot: " + snapshot + "; " + tables;
        }
    }

    /**
     * One run.
     *
     * @throws SQLException the database failed during a purge (the tables before it were done)
     */
    public Report run() throws SQLException {
        String snapshot = takeSnapshot();
        UnfinishedHistory.Verdict verdict = history.verdict(nanoClock.getAsLong(), horizon.horizon());
        if (verdict instanceof UnfinishedHistory.Wait wait) {
            return new Report(snapshot, wait.reason(), List.of());
        }
        Set<String> unfinished = ((UnfinishedHistory.Protect) verdict).gids();
        List<TablePurge.Result> results = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            for (RetentionTable table : tables) {
                results.add(TablePurge.run(connection, table, horizon.horizon(), unfinished, batchSize, DELETE_LOCK_WAIT));
            }
        }
        return new Report(snapshot, null, results);
    }

    private String takeSnapshot() {
        long started = nanoClock.getAsLong();
        Set<String> gids;
        try {
            gids = dtm.unfinishedGids(maxUnfinished);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            // no snapshot: the history ages, and a long gap stops deletions (UnfinishedHistory.verdict)
            return "failed (" + e.getMessage() + ")";
        }
        long ended = nanoClock.getAsLong();
        if (Duration.ofNanos(ended - started).compareTo(horizon.period()) > 0) {
            // the horizon's minimum allows one period for a snapshot
            return "discarded: it took " + Durations.show(Duration.ofNanos(ended - started)) + ", longer than the period";
        }
        history.add(new UnfinishedHistory.Snapshot(started, ended, gids));
        return gids.size() + " unfinished";
    }
}
