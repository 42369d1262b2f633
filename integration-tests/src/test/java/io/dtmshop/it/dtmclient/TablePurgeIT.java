package io.dtmshop.it.dtmclient;

import io.dtmshop.dtm.retention.RetentionTable;
import io.dtmshop.dtm.retention.TablePurge;
import io.dtmshop.it.StackExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * dtm-client's {@link TablePurge} on the stack's MariaDB, on a table of its own shaped like the
 * barrier table (id, gid, insert time with an index): which rows go, in how many batches, and that
 * a second instance leaves a table alone while another cleans it. Rows are made old by inserting
 * them with an old time.
 */
@ExtendWith(StackExtension.class)
class TablePurgeIT {

    private static final RetentionTable TABLE = new RetentionTable("retention_probe", "gid", "create_time");
    private static final Duration HORIZON = Duration.ofHours(24);
    private static final Duration LOCK_WAIT = Duration.ofSeconds(2);

    @BeforeEach
    void createTable() throws SQLException {
        try (Connection c = StockDb.connect(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS retention_probe");
            st.execute("CREATE TABLE retention_probe (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
                    + " gid VARCHAR(128) NOT NULL, create_time DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),"
                    + " KEY idx_retention_probe_create_time (create_time))");
        }
    }

    @AfterEach
    void dropTable() throws SQLException {
        try (Connection c = StockDb.connect(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS retention_probe");
        }
    }

    @Test
    void onlyRowsOlderThanTheHorizonOfFinishedTransactionsGoInBatches() throws SQLException {
        // 2,500 old rows of finished transactions, 300 old rows of three unfinished ones among them,
        // 200 young rows: every tenth old row is an unfinished transaction's
        insert("CONCAT(IF(seq % 10 = 0, CONCAT('unfinished-', seq % 3), CONCAT('finished-', seq)))",
                "NOW(6) - INTERVAL 2 DAY + INTERVAL seq SECOND", 2_800);
        insert("CONCAT('young-', seq)", "NOW(6) - INTERVAL 1 HOUR", 200);

        TablePurge.Result result;
        try (Connection c = StockDb.connect()) {
            result = TablePurge.run(c, TABLE, HORIZON, Set.of("unfinished-0", "unfinished-1", "unfinished-2"), 1_000,
                    LOCK_WAIT);
        }
        assertNull(result.skipped());
        assertEquals(2_520, result.deleted(), result.toString());
        assertEquals(280, result.keptUnfinished(), result.toString());
        assertEquals(3, result.batches(), "1,000 old rows read per batch: " + result);
        assertEquals(List.of("unfinished-0 93", "unfinished-1 94", "unfinished-2 93", "young 200"), gidsLeft());
    }

    /**
     * More rows of unfinished transactions within one second than a batch holds: the walk must get
     * past them (it compares times to the microsecond; to the second it read them again and again).
     */
    @Test
    void aBatchOfUnfinishedTransactionsRowsInOneSecondIsWalkedPast() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            insert("IF(seq <= 50, 'unfinished', CONCAT('finished-', seq))",
                    "TIMESTAMP(DATE(NOW()) - INTERVAL 2 DAY, '12:00:00') + INTERVAL seq MICROSECOND", 60);
            try (Connection c = StockDb.connect()) {
                TablePurge.Result result = TablePurge.run(c, TABLE, HORIZON, Set.of("unfinished"), 10, LOCK_WAIT);
                assertEquals(10, result.deleted(), result.toString());
                assertEquals(50, result.keptUnfinished(), result.toString());
            }
            assertEquals(List.of("unfinished 50"), gidsLeft());
        });
    }

    @Test
    void aTableAnotherInstanceIsCleaningIsLeftAlone() throws SQLException {
        insert("CONCAT('finished-', seq)", "NOW(6) - INTERVAL 2 DAY", 10);
        try (Connection other = StockDb.connect(); Connection c = StockDb.connect()) {
            try (Statement st = other.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT GET_LOCK('retention:stock_db.retention_probe', 0)")) {
                rs.next();
                assertEquals(1, rs.getInt(1));
            }
            TablePurge.Result skipped = TablePurge.run(c, TABLE, HORIZON, Set.of(), 1_000, LOCK_WAIT);
            assertNotNull(skipped.skipped());
            assertEquals(0, skipped.deleted());
            try (Statement st = other.createStatement()) {
                st.executeQuery("SELECT RELEASE_LOCK('retention:stock_db.retention_probe')").close();
            }
            assertEquals(10, TablePurge.run(c, TABLE, HORIZON, Set.of(), 1_000, LOCK_WAIT).deleted());
        }
    }

    /**
     * 100,000 old rows, as a day of a busy service leaves them, deleted in batches of 1,000: the
     * figures of the README's "Retention" (how long the whole run took, the longest batch, i.e. the
     * longest any row lock was held).
     */
    @Test
    void aHundredThousandRowsGoInShortBatches() throws SQLException {
        insert("CONCAT('finished-', seq)", "NOW(6) - INTERVAL 2 DAY + INTERVAL seq * 100 MICROSECOND", 100_000);
        TablePurge.Result result;
        try (Connection c = StockDb.connect()) {
            result = TablePurge.run(c, TABLE, HORIZON, Set.of(), 1_000, LOCK_WAIT);
        }
        System.out.println("TablePurgeIT: 100,000 rows: " + result);
        assertEquals(100_000, result.deleted());
        assertEquals(100, result.batches());
        assertEquals(List.of(), gidsLeft());
    }

    /** {@code rows} rows, gid and create_time computed from MariaDB's sequence {@code seq} (1 ... rows). */
    private static void insert(String gid, String createTime, int rows) throws SQLException {
        try (Connection c = StockDb.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO retention_probe (gid, create_time) SELECT %s, %s FROM seq_1_to_%d"
                    .formatted(gid, createTime, rows));
        }
    }

    /** What is left, per gid kind: "unfinished-0 93", "young 200". */
    private static List<String> gidsLeft() throws SQLException {
        List<String> left = new ArrayList<>();
        try (Connection c = StockDb.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT IF(gid LIKE 'young-%', 'young', gid) AS g, COUNT(*) FROM retention_probe GROUP BY g ORDER BY g");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                left.add(rs.getString(1) + " " + rs.getLong(2));
            }
        }
        return left;
    }
}
