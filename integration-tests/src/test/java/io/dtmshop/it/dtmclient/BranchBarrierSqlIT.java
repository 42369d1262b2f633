package io.dtmshop.it.dtmclient;

import org.junit.jupiter.api.extension.ExtendWith;
import io.dtmshop.it.StackExtension;
import io.dtmshop.dtm.DtmDuplicatedException;
import io.dtmshop.dtm.DtmException;
import io.dtmshop.dtm.DtmFailureException;
import io.dtmshop.dtm.barrier.BranchBarrier;
import io.dtmshop.dtm.barrier.BusiCall;
import com.mysql.cj.jdbc.MysqlDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * dtm-client's branch barrier SQL on the stack's real MariaDB (stock_db), in a test-only table
 * created from the DDL dtm-client ships ({@code db/dtm-barrier/}) under another name, next to a
 * test-only business table. Every test uses fresh gids and its own business row; both tables are
 * dropped at the end.
 */
@ExtendWith(StackExtension.class)
class BranchBarrierSqlIT {

    private static final String TABLE = "it_barrier";
    private static final String WORK_TABLE = "it_barrier_stock";
    private static final Duration LOCK_WAIT_SEEN = Duration.ofSeconds(10);

    private static MysqlDataSource dataSource;

    /** The business row of this test. */
    private String sku;
    /** What the business code did, in order (only code that actually ran is listed). */
    private final List<String> work = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void createTables() throws Exception {
        dataSource = new MysqlDataSource();
        dataSource.setURL(StockDb.URL);
        dataSource.setUser(StockDb.USER);
        dataSource.setPassword(StockDb.PASSWORD);
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("drop table if exists " + TABLE);
            st.execute("drop table if exists " + WORK_TABLE);
            for (String ddl : shippedDdl(TABLE)) {
                st.execute(ddl);
            }
            st.execute("create table " + WORK_TABLE + " (sku varchar(64) primary key, qty int not null)"
                    + " engine = InnoDB");
        }
    }

    @AfterAll
    static void dropTables() throws SQLException {
        if (dataSource == null) {
            return;
        }
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("drop table if exists " + TABLE);
            st.execute("drop table if exists " + WORK_TABLE);
        }
    }

    /** dtm-client's barrier migrations, in Flyway's order. */
    static final List<String> MIGRATIONS = List.of("V0_1__dtm_barrier.sql", "V0_2__dtm_barrier_exact_keys.sql");

    /** dtm-client's barrier DDL (every migration of db/dtm-barrier), on {@code table} instead of dtm_barrier. */
    static List<String> shippedDdl(String table) throws IOException {
        List<String> statements = new ArrayList<>();
        for (String migration : MIGRATIONS) {
            String sql;
            try (InputStream in = BranchBarrier.class.getResourceAsStream("/db/dtm-barrier/" + migration)) {
                if (in == null) {
                    throw new IllegalStateException("dtm-client's db/dtm-barrier/" + migration
                            + " is not on the classpath");
                }
                sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            StringBuilder noComments = new StringBuilder();
            for (String line : sql.split("\n")) {
                if (!line.strip().startsWith("--")) {
                    noComments.append(line).append('\n');
                }
            }
            String ddl = noComments.toString().strip().replaceAll(";$", "");
            String renamed = ddl.replaceFirst("(?i)^(CREATE TABLE IF NOT EXISTS|ALTER TABLE) dtm_barrier\\b",
                    "$1 " + table).replaceFirst("(?i)^CREATE TABLE IF NOT EXISTS ", "CREATE TABLE ");
            if (renamed.equals(ddl)) {
                throw new IllegalStateException(migration + " is no longer one CREATE TABLE IF NOT EXISTS or ALTER "
                        + "TABLE of dtm_barrier:\n" + ddl);
            }
            statements.add(renamed);
        }
        return statements;
    }

    @BeforeEach
    void freshBusinessRow() throws SQLException {
        sku = "sku-" + UUID.randomUUID();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("insert into " + WORK_TABLE + " values (?, 10)")) {
            ps.setString(1, sku);
            ps.executeUpdate();
        }
    }

    private static String gid() {
        return "it-barrier-" + UUID.randomUUID();
    }

    private static BranchBarrier barrier(String transType, String gid, String branchId, String op) {
        return new BranchBarrier(transType, gid, branchId, op).withTableName(TABLE);
    }

    private static BranchBarrier msgLocalStep(String gid) {
        return BranchBarrier.forMsgLocalStep(gid).withTableName(TABLE);
    }

    /** What DTM's query-prepared call carries: branch 00, op msg. */
    private static BranchBarrier queryPreparedCall(String gid) {
        return barrier("msg", gid, "00", "msg");
    }

    private BusiCall deduct(int n) {
        return tx -> {
            work.add("deduct " + n);
            move(tx, -n);
        };
    }

    private BusiCall refund(int n) {
        return tx -> {
            work.add("refund " + n);
            move(tx, n);
        };
    }

    private void move(Connection tx, int delta) throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement("update " + WORK_TABLE + " set qty = qty + ? where sku = ?")) {
            ps.setInt(1, delta);
            ps.setString(2, sku);
            assertEquals(1, ps.executeUpdate());
        }
    }

    /** A barrier call inside a local transaction the test owns, like a @Transactional branch method. */
    private void inCallerTx(BranchBarrier bb, BusiCall busi) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                bb.call(c, busi);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The committed quantity, read on a connection of its own. */
    private int qty() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return qty(c);
        }
    }

    private int qty(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select qty from " + WORK_TABLE + " where sku = ?")) {
            ps.setString(1, sku);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                return rs.getInt(1);
            }
        }
    }

    private static List<String> rows(String gid) throws SQLException {
        return StockDb.barrierRows(TABLE, gid);
    }

    // --- call(): idempotency, null compensation, anti-hanging ---

    @Test
    void repeatedActionAndCompensationRunOnce() throws SQLException {
        String gid = gid();
        inCallerTx(barrier("saga", gid, "01", "action"), deduct(2));
        inCallerTx(barrier("saga", gid, "01", "action"), deduct(2)); // DTM retried
        assertEquals(8, qty());
        inCallerTx(barrier("saga", gid, "01", "compensate"), refund(2));
        inCallerTx(barrier("saga", gid, "01", "compensate"), refund(2)); // retried
        assertEquals(10, qty());
        assertEquals(List.of("deduct 2", "refund 2"), work);
        assertEquals(List.of("saga 01 action 01 action", "saga 01 compensate 01 compensate"), rows(gid));
    }

    @Test
    void compensationBeforeItsActionIsNullAndTheLateActionHangsNot() throws SQLException {
        String gid = gid();
        // the compensation arrives first (the action timed out on its way)
        inCallerTx(barrier("saga", gid, "01", "compensate"), refund(2));
        assertEquals(List.of(), work, "null compensation: nothing to undo");
        // the late action must not run any more: nobody would compensate it
        inCallerTx(barrier("saga", gid, "01", "action"), deduct(2));
        assertEquals(List.of(), work, "hanging action: skipped");
        assertEquals(10, qty());
        assertEquals(List.of("saga 01 action 01 compensate", "saga 01 compensate 01 compensate"), rows(gid));
    }

    @Test
    void otherBranchesAndOpsOfTheSameGidAreIndependent() throws SQLException {
        String gid = gid();
        inCallerTx(barrier("saga", gid, "01", "action"), deduct(1));
        inCallerTx(barrier("saga", gid, "02", "action"), deduct(2));
        inCallerTx(barrier("tcc", gid, "03", "try"), deduct(3));
        inCallerTx(barrier("tcc", gid, "03", "cancel"), refund(3));
        assertEquals(List.of("deduct 1", "deduct 2", "deduct 3", "refund 3"), work);
        assertEquals(7, qty());
    }

    @Test
    void barrierIdsCountPerBarrierObject() throws SQLException {
        String gid = gid();
        BranchBarrier bb = barrier("saga", gid, "01", "action");
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            bb.call(c, deduct(1));
            bb.call(c, deduct(1));
            c.commit();
        }
        assertEquals(2, bb.barrierId());
        assertEquals(List.of("saga 01 action 01 action", "saga 01 action 02 action"), rows(gid));
        assertEquals(8, qty());
    }

    @Test
    void aConcurrentDuplicateWaitsForTheFirstAndIsSkippedWhenItCommits() throws Exception {
        String gid = gid();
        try (Connection first = dataSource.getConnection()) {
            first.setAutoCommit(false);
            barrier("saga", gid, "01", "action").call(first, deduct(1));
            CompletableFuture<Void> second = duplicateInAnotherTransaction(gid);
            first.commit();
            second.get(LOCK_WAIT_SEEN.toSeconds(), TimeUnit.SECONDS);
        }
        assertEquals(List.of("deduct 1"), work, "the duplicate saw the committed row and skipped");
        assertEquals(9, qty());
        assertEquals(List.of("saga 01 action 01 action"), rows(gid));
    }

    @Test
    void aConcurrentDuplicateRunsWhenTheFirstRollsBack() throws Exception {
        String gid = gid();
        try (Connection first = dataSource.getConnection()) {
            first.setAutoCommit(false);
            barrier("saga", gid, "01", "action").call(first, deduct(1));
            CompletableFuture<Void> second = duplicateInAnotherTransaction(gid);
            first.rollback();
            second.get(LOCK_WAIT_SEEN.toSeconds(), TimeUnit.SECONDS);
        }
        assertEquals(List.of("deduct 1", "deduct 1"), work, "the first attempt was undone, the retry did the work");
        assertEquals(9, qty());
        assertEquals(List.of("saga 01 action 01 action"), rows(gid));
    }

    /**
     * Starts the same action in a second transaction and returns once MariaDB shows that transaction
     * waiting on the barrier row the first one holds.
     */
    private CompletableFuture<Void> duplicateInAnotherTransaction(String gid) throws SQLException {
        Connection second = dataSource.getConnection();
        long secondId;
        try (Statement st = second.createStatement(); ResultSet rs = st.executeQuery("select connection_id()")) {
            rs.next();
            secondId = rs.getLong(1);
        }
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            try (second) {
                second.setAutoCommit(false);
                barrier("saga", gid, "01", "action").call(second, deduct(1));
                second.commit();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(LOCK_WAIT_SEEN).until(() -> done.isDone() || waitingOnBarrierInsert(secondId));
        assertFalse(done.isDone(), "the duplicate must wait for the first transaction's barrier row");
        return done;
    }

    private static boolean waitingOnBarrierInsert(long connectionId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select info from information_schema.processlist where id = ?")) {
            ps.setLong(1, connectionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getString(1) != null
                        && rs.getString(1).toLowerCase().startsWith("insert into " + TABLE);
            }
        }
    }

    // --- call() leaves the caller's transaction to the caller ---

    @Test
    void callNeitherCommitsNorClosesTheCallersConnection() throws SQLException {
        String gid = gid();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            barrier("saga", gid, "01", "action").call(c, deduct(3));
            assertFalse(c.isClosed(), "not closed");
            assertFalse(c.getAutoCommit(), "auto-commit untouched");
            assertEquals(7, qty(c), "the caller's transaction sees the work");
            assertEquals(10, qty(), "nothing committed yet");
            assertEquals(List.of(), rows(gid), "barrier rows not committed yet");
            c.rollback(); // the caller decides
        }
        assertEquals(10, qty());
        assertEquals(List.of(), rows(gid), "barrier rows roll back with the business work");
    }

    @Test
    void callDoesNotRollBackWhenTheBusinessFails() throws SQLException {
        String gid = gid();
        DtmFailureException failure = new DtmFailureException("not enough stock");
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            DtmFailureException thrown = assertThrows(DtmFailureException.class,
                    () -> barrier("saga", gid, "01", "action").call(c, tx -> {
                        deduct(1).call(tx);
                        throw failure;
                    }));
            assertSame(failure, thrown, "thrown as it is");
            assertFalse(c.isClosed(), "not closed");
            assertFalse(c.getAutoCommit(), "auto-commit untouched");
            assertEquals(9, qty(c), "not rolled back by call(): still in the caller's transaction");
            assertEquals(List.of("saga 01 action 01 action"), StockDb.barrierRows(c, TABLE, gid));
            c.rollback();
        }
        assertEquals(10, qty());
        assertEquals(List.of(), rows(gid));
    }

    @Test
    void callOnAnAutoCommitConnectionLeavesItAutoCommit() throws SQLException {
        String gid = gid();
        try (Connection c = dataSource.getConnection()) {
            assertTrue(c.getAutoCommit());
            barrier("saga", gid, "01", "action").call(c, deduct(1));
            assertTrue(c.getAutoCommit(), "auto-commit untouched");
            assertFalse(c.isClosed());
        }
        assertEquals(9, qty(), "each statement committed on its own: the caller's choice");
        assertEquals(List.of("saga 01 action 01 action"), rows(gid));
    }

    @Test
    void checkedBusinessExceptionIsWrapped() {
        IOException io = new IOException("checked");
        DtmException e = assertThrows(DtmException.class,
                () -> inCallerTx(barrier("saga", gid(), "01", "action"), tx -> {
                    throw io;
                }));
        assertSame(io, e.getCause());
    }

    // --- callWithDb(): a local transaction of its own ---

    @Test
    void callWithDbCommitsOrRollsBack() throws SQLException {
        String committed = gid();
        barrier("saga", committed, "01", "action").callWithDb(dataSource, deduct(4));
        assertEquals(6, qty());
        assertEquals(List.of("saga 01 action 01 action"), rows(committed));

        String rolledBack = gid();
        assertThrows(DtmFailureException.class, () -> barrier("saga", rolledBack, "01", "action")
                .callWithDb(dataSource, tx -> {
                    deduct(4).call(tx);
                    throw new DtmFailureException("no");
                }));
        assertEquals(6, qty());
        assertEquals(List.of(), rows(rolledBack));
    }

    // --- the 2-phase message's local step and query-prepared ---

    @Test
    void committedLocalStepMakesQueryPreparedAnswerCommitted() throws SQLException {
        String gid = gid();
        inCallerTx(msgLocalStep(gid), deduct(1));
        queryPreparedCall(gid).queryPrepared(dataSource); // no exception = committed: DTM submits
        queryPreparedCall(gid).queryPrepared(dataSource); // asked again, same answer
        assertEquals(List.of("msg 00 msg 01 msg"), rows(gid));
        assertEquals(9, qty());
    }

    @Test
    void rolledBackLocalStepMakesQueryPreparedAnswerRolledBack() throws SQLException {
        String gid = gid();
        assertThrows(DtmFailureException.class, () -> inCallerTx(msgLocalStep(gid), tx -> {
            deduct(1).call(tx);
            throw new DtmFailureException("not enough stock");
        }));
        assertThrows(DtmFailureException.class, () -> queryPreparedCall(gid).queryPrepared(dataSource));
        assertEquals(List.of("msg 00 msg 01 rollback"), rows(gid));
        assertEquals(10, qty());
    }

    @Test
    void queryPreparedBeforeTheLocalStepRollsTheMessageBackAndBlocksTheLateStep() throws SQLException {
        String gid = gid();
        assertThrows(DtmFailureException.class, () -> queryPreparedCall(gid).queryPrepared(dataSource));
        assertThrows(DtmFailureException.class, () -> queryPreparedCall(gid).queryPrepared(dataSource),
                "the answer stays the same");
        assertThrows(DtmDuplicatedException.class, () -> inCallerTx(msgLocalStep(gid), deduct(1)));
        assertEquals(List.of(), work, "the late local step did nothing");
        assertEquals(10, qty());
        assertEquals(List.of("msg 00 msg 01 rollback"), rows(gid));
    }

    @Test
    void repeatedLocalStepIsDuplicated() throws SQLException {
        String gid = gid();
        inCallerTx(msgLocalStep(gid), deduct(1));
        assertThrows(DtmDuplicatedException.class, () -> inCallerTx(msgLocalStep(gid), deduct(1)));
        assertEquals(List.of("deduct 1"), work);
        assertEquals(9, qty());
    }

    @Test
    void queryPreparedInTheCallersTransactionDoesNotCommit() throws SQLException {
        String gid = gid();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            assertThrows(DtmFailureException.class, () -> queryPreparedCall(gid).queryPrepared(c));
            assertFalse(c.isClosed());
            assertFalse(c.getAutoCommit());
            assertEquals(List.of(), rows(gid), "not committed by queryPrepared");
            c.rollback();
        }
        assertEquals(List.of(), rows(gid));
    }

    // --- what the table stores: exactly, or not at all ---

    @Test
    void aValueTooLongForItsColumnFailsTheInsertInsteadOfBeingCut() throws SQLException {
        String gid = gid();
        String barrierId = "0".repeat(46); // the column holds 45
        try (Connection c = dataSource.getConnection()) {
            SQLException e = assertThrows(SQLException.class, () -> BranchBarrier.insertBarrier(c, TABLE, "saga", gid,
                    "01", "action", barrierId, "action"));
            assertEquals("22001", e.getSQLState(), e.toString());
        }
        assertEquals(List.of(), rows(gid));
    }

    @Test
    void aRowAlreadyThereInsertsNothing() throws SQLException {
        String gid = gid();
        try (Connection c = dataSource.getConnection()) {
            assertEquals(1, BranchBarrier.insertBarrier(c, TABLE, "saga", gid, "01", "action", "01", "action"));
            assertEquals(0, BranchBarrier.insertBarrier(c, TABLE, "saga", gid, "01", "action", "01", "compensate"));
        }
        assertEquals(List.of("saga 01 action 01 action"), rows(gid));
    }

    @Test
    void gidsThatDifferOnlyInCaseAreDifferentBranches() throws SQLException {
        String lower = gid().toLowerCase();
        String upper = lower.toUpperCase();
        inCallerTx(barrier("saga", lower, "01", "action"), deduct(1));
        inCallerTx(barrier("saga", upper, "01", "action"), deduct(2));
        assertEquals(List.of("deduct 1", "deduct 2"), work);
        assertEquals(7, qty());
        assertEquals(List.of("saga 01 action 01 action"), rows(upper));
    }

    @Test
    void aGidTheTableCannotHoldIsRefusedBeforeAnyRowIsWritten() throws SQLException {
        String gid = gid() + "x".repeat(128);
        DtmFailureException e = assertThrows(DtmFailureException.class,
                () -> inCallerTx(barrier("saga", gid, "01", "action"), deduct(1)));
        assertTrue(e.getMessage().contains("128"), e.getMessage());
        assertEquals(List.of(), work);
        assertEquals(10, qty());
        assertEquals(List.of(), rows(gid.substring(0, 128)));
    }

    // --- the table name ---

    @Test
    void withTableNameWritesOnlyThatTable() throws SQLException {
        String gid = gid();
        inCallerTx(barrier("saga", gid, "01", "action"), deduct(1));
        assertEquals(1, rows(gid).size());
        // stock_db also has the services' default table (stock-service's Flyway migration)
        assertNotEquals(TABLE, BranchBarrier.SERVICE_TABLE_NAME);
        assertEquals(List.of(), StockDb.barrierRows(BranchBarrier.SERVICE_TABLE_NAME, gid));
    }
}
