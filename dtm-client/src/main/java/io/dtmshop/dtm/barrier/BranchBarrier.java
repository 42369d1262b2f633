package io.dtmshop.dtm.barrier;

import io.dtmshop.dtm.BranchContext;
import io.dtmshop.dtm.DtmConstants;
import io.dtmshop.dtm.DtmDuplicatedException;
import io.dtmshop.dtm.DtmException;
import io.dtmshop.dtm.DtmFailureException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * DTM's branch barrier on a MySQL/MariaDB table (Go: {@code dtmcli.BranchBarrier}): makes a branch
 * idempotent and safe against null compensation and hanging, by recording each branch call in the
 * same local transaction as the business work.
 *
 * <p>For each {@link #call} (Go {@code Call}), with a barrier id {@code "01"}, {@code "02"}, ...
 * counted per barrier object:
 * <ol>
 * <li>a branch the table cannot store exactly ({@link BarrierKeys}: a gid of 129 characters, an
 * unknown op, ...) is refused with a {@link DtmFailureException} (ABORTED), nothing written - except
 * a phase-2 op ({@link BarrierKeys#PHASE2_OPS}) of a known trans type whose gid or branch id is
 * the problem: every action of that branch was refused the same way, so there is nothing to undo
 * or finish, and it returns without running the work ({@link Decision#SKIP_UNSTORABLE_PHASE2},
 * logged at WARN). Answering it with an error would make DTM call it forever: DTM ends a
 * transaction as failed only on a SAGA action's failure and retries every other op
 * ({@code getBranchResult}, DTM v1.19.0 {@code dtmsvr/trans_status.go});</li>
 * <li>insert the row of the origin op (cancel → try, compensate → action,
 * rollback → action; other ops have none) with reason = this op;</li>
 * <li>insert the row of this op;</li>
 * <li>op {@code "msg"} whose row was already there → {@link DtmDuplicatedException};</li>
 * <li>a compensation whose origin row was just inserted (its action never ran: null compensation),
 * or any op whose own row was already there (repeated call; or an action arriving after its
 * compensation: hanging) → skip the business work, return normally;</li>
 * <li>otherwise run the business work.</li>
 * </ol>
 * Inserted rows must be committed even when the work is skipped: the caller commits on a normal
 * return. Not thread-safe; one barrier per branch call.
 */
public final class BranchBarrier {

    private static final Logger LOG = Logger.getLogger(BranchBarrier.class);

    /**
     * The default table, Go's ({@code dtmimp.BarrierTableName}): {@code barrier} in a database
     * {@code dtm_barrier} of its own, next to the service's database on the same server, as DTM's
     * {@code sqls/dtmcli.barrier.mysql.sql} creates it. A service that shares its database with
     * branches written with DTM's Go client shares their barrier rows with them, so a message's local
     * step written here is seen by a Go {@code QueryPrepared}, and the other way round.
     */
    public static final String DEFAULT_TABLE_NAME = "dtm_barrier.barrier";

    /**
     * The table the Flyway migrations of this module ({@code db/dtm-barrier}) create in the
     * service's own database. Select it at startup, before the first branch call:
     * {@code BranchBarrier.setDefaultTableName(BranchBarrier.SERVICE_TABLE_NAME)}.
     */
    public static final String SERVICE_TABLE_NAME = "dtm_barrier";

    /** MySQL/MariaDB ER_DUP_ENTRY, "Duplicate entry ... for key ...", SQLState 23000. */
    private static final int ER_DUP_ENTRY = 1062;
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?");
    private static final Map<String, String> ORIGIN_OP = Map.of(
            DtmConstants.OP_CANCEL, DtmConstants.OP_TRY,          // tcc
            DtmConstants.OP_COMPENSATE, DtmConstants.OP_ACTION,   // saga
            DtmConstants.OP_ROLLBACK, DtmConstants.OP_ACTION);    // workflow

    private static volatile String defaultTableName = DEFAULT_TABLE_NAME;

    private final String transType;
    private final String gid;
    private final String branchId;
    private final String op;
    private String tableName = defaultTableName;
    private int barrierId;

    /** What {@link #call} does after the two inserts (exposed for tests and logs). */
    public enum Decision {
        /** Run the business work. */
        RUN,
        /** Compensation of an action that never ran: record it, do nothing. */
        SKIP_NULL_COMPENSATION,
        /** This op already ran (repeated call), or its compensation already ran (hanging action). */
        SKIP_DUPLICATE_OR_HANGING,
        /** A message's local step whose row exists: query-prepared got there first. */
        DUPLICATED_MSG,
        /**
         * Before the inserts: a phase-2 op of a branch whose gid or branch id the table cannot store.
         * Its actions were all refused, so it has nothing to undo or finish; nothing is written.
         */
        SKIP_UNSTORABLE_PHASE2,
        /** Before the inserts: any other branch the table cannot store. Refused, nothing written. */
        REFUSE_UNSTORABLE
    }

    /** Go {@code BarrierFrom}: all four must be non-empty. */
    public BranchBarrier(String transType, String gid, String branchId, String op) {
        this.transType = transType == null ? "" : transType;
        this.gid = gid == null ? "" : gid;
        this.branchId = branchId == null ? "" : branchId;
        this.op = op == null ? "" : op;
        if (this.transType.isEmpty() || this.gid.isEmpty() || this.branchId.isEmpty() || this.op.isEmpty()) {
            throw new IllegalArgumentException("invalid trans info: " + this);
        }
    }

    /** Go {@code BarrierFromGrpc}: the branch of the gRPC call being served ({@link BranchContext#current()}). */
    public static BranchBarrier fromGrpc() {
        BranchContext branch = BranchContext.current();
        if (branch == null) {
            throw new IllegalArgumentException(
                    "invalid trans info: no dtm-* metadata on this call (is DtmBranchServerInterceptor installed?)");
        }
        return from(branch);
    }

    /** A barrier for the given branch. */
    public static BranchBarrier from(BranchContext branch) {
        return new BranchBarrier(branch.transType(), branch.gid(), branch.branchId(), branch.op());
    }

    /** The special barrier of a message's local step and query-prepared: branch "00", op "msg". */
    public static BranchBarrier forMsgLocalStep(String gid) {
        return new BranchBarrier(DtmConstants.TRANS_TYPE_MSG, gid, DtmConstants.MSG_DO_BRANCH0,
                DtmConstants.MSG_DO_OP);
    }

    /**
     * Go {@code SetBarrierTableName}: the table of the barriers created from now on (and of
     * {@link io.dtmshop.dtm.XaLocalTransaction}), in this JVM. Call it once at startup.
     *
     * @param tableName {@code table} or {@code database.table}
     */
    public static void setDefaultTableName(String tableName) {
        defaultTableName = checkTableName(tableName);
    }

    public static String defaultTableName() {
        return defaultTableName;
    }

    /** Uses another table for this barrier (e.g. {@link #SERVICE_TABLE_NAME}). */
    public BranchBarrier withTableName(String tableName) {
        this.tableName = checkTableName(tableName);
        return this;
    }

    private static String checkTableName(String tableName) {
        if (tableName == null || !TABLE_NAME.matcher(tableName).matches()) {
            throw new IllegalArgumentException("bad barrier table name: " + tableName);
        }
        return tableName;
    }

    public String transType() {
        return transType;
    }

    public String gid() {
        return gid;
    }

    public String branchId() {
        return branchId;
    }

    public String op() {
        return op;
    }

    public String tableName() {
        return tableName;
    }

    /** The last barrier id used (0 before the first call). */
    public int barrierId() {
        return barrierId;
    }

    /** The branch as {@code dtm-*} metadata would carry it (dtm address empty). */
    public BranchContext toBranchContext() {
        return new BranchContext(gid, transType, branchId, op, "");
    }

    private String newBarrierId() {
        barrierId++;
        return String.format("%02d", barrierId);
    }

    /** The origin op whose row a call of {@code op} also inserts, or "" if none. */
    static String originOp(String op) {
        return ORIGIN_OP.getOrDefault(op, "");
    }

    /**
     * The rule before the inserts (not in Go, whose {@code INSERT IGNORE} cuts what does not fit):
     * empty when the table can store the branch exactly, else {@link Decision#SKIP_UNSTORABLE_PHASE2}
     * or {@link Decision#REFUSE_UNSTORABLE}.
     */
    public static Optional<Decision> decideUnstorable(String transType, String gid, String branchId, String op) {
        if (BarrierKeys.problem(transType, gid, branchId, op).isEmpty()) {
            return Optional.empty();
        }
        // Only the gid or branch id can be the problem of a known trans type and phase-2 op.
        boolean knownPhase2 = BarrierKeys.isPhase2(op) && BarrierKeys.TRANS_TYPES.contains(transType);
        return Optional.of(knownPhase2 ? Decision.SKIP_UNSTORABLE_PHASE2 : Decision.REFUSE_UNSTORABLE);
    }

    /** The rule of Go's Call after the two inserts. */
    public static Decision decide(String op, int originAffected, int currentAffected) {
        if (DtmConstants.MSG_DO_OP.equals(op) && currentAffected == 0) {
            return Decision.DUPLICATED_MSG;
        }
        boolean compensation = DtmConstants.OP_CANCEL.equals(op) || DtmConstants.OP_COMPENSATE.equals(op)
                || DtmConstants.OP_ROLLBACK.equals(op);
        if (compensation && originAffected > 0) {
            return Decision.SKIP_NULL_COMPENSATION;
        }
        if (currentAffected == 0) {
            return Decision.SKIP_DUPLICATE_OR_HANGING;
        }
        return Decision.RUN;
    }

    /**
     * Go {@code Call}, but inside the caller's transaction: runs on {@code tx} and neither commits,
     * rolls back, closes it nor changes its auto-commit. Use it inside a JTA {@code @Transactional}
     * method with {@code dataSource.getConnection()} (the enlisted connection); the caller's commit
     * makes barrier rows and business work durable together, so return normally when the work was
     * skipped (the barrier rows must still be committed).
     *
     * @throws DtmDuplicatedException op "msg" and its row was already there
     * @throws DtmFailureException the table cannot store this branch exactly ({@link BarrierKeys})
     *         and it is not a phase-2 op; nothing was written
     * @throws SQLException from the barrier statements, or thrown by {@code busi}
     * @throws RuntimeException thrown by {@code busi} (e.g. {@link DtmFailureException}), as is;
     *         other checked exceptions of busi are wrapped in a {@link DtmException}
     */
    public void call(Connection tx, BusiCall busi) throws SQLException {
        Objects.requireNonNull(tx, "tx");
        Objects.requireNonNull(busi, "busi");
        Optional<Decision> unstorable = decideUnstorable(transType, gid, branchId, op);
        if (unstorable.isPresent()) {
            String problem = BarrierKeys.problem(transType, gid, branchId, op).orElseThrow();
            if (unstorable.get() == Decision.REFUSE_UNSTORABLE) {
                LOG.infof("gid=%s barrier refused branch %s op %s: %s", gid, branchId, op, problem);
                throw new DtmFailureException("the branch barrier cannot store this branch: " + problem);
            }
            LOG.warnf("gid=%s barrier: %s of branch %s answered as done without running it: the barrier cannot "
                    + "store the branch, so its actions were refused and there is nothing to undo (%s)", gid, op,
                    branchId, problem);
            return;
        }
        String bid = newBarrierId();
        String origin = originOp(op);
        int originAffected = insertBarrier(tx, branchId, origin, bid, op);
        int currentAffected = insertBarrier(tx, branchId, op, bid, op);
        Decision decision = decide(op, originAffected, currentAffected);
        LOG.debugf("gid=%s barrier %s/%s/%s originAffected=%d currentAffected=%d -> %s", gid, branchId, op, bid,
                originAffected, currentAffected, decision);
        switch (decision) {
            case DUPLICATED_MSG -> {
                LOG.infof("gid=%s barrier: msg local step already decided by query-prepared", gid);
                throw new DtmDuplicatedException();
            }
            case SKIP_NULL_COMPENSATION -> LOG.infof(
                    "gid=%s barrier: null compensation of branch %s op %s skipped", gid, branchId, op);
            case SKIP_DUPLICATE_OR_HANGING -> LOG.infof(
                    "gid=%s barrier: branch %s op %s already done or compensated, skipped", gid, branchId, op);
            case RUN -> runBusi(tx, busi);
        }
    }

    /**
     * {@link #call(Connection, BusiCall)} on a connection taken from {@code dataSource} and closed
     * afterwards, for a caller already in a JTA transaction ({@code @Transactional}): there the data
     * source hands out the connection enlisted in that transaction, so the barrier rows and the
     * business work commit or roll back with it. Outside a transaction use {@link #callWithDb}.
     */
    public void callInTransaction(DataSource dataSource, BusiCall busi) throws SQLException {
        try (Connection tx = dataSource.getConnection()) {
            call(tx, busi);
        }
    }

    private static void runBusi(Connection tx, BusiCall busi) throws SQLException {
        try {
            busi.call(tx);
        } catch (SQLException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new DtmException(String.valueOf(e.getMessage()), e);
        }
    }

    /**
     * Go {@code CallWithDB}: {@link #call} in a local transaction of its own (auto-commit off, commit
     * on normal return, roll back on any exception). Not for use inside a JTA transaction.
     */
    public void callWithDb(DataSource dataSource, BusiCall busi) throws SQLException {
        try (Connection conn = dataSource.getConnection()) {
            boolean autoCommit = conn.getAutoCommit();
            if (autoCommit) {
                conn.setAutoCommit(false);
            }
            try {
                call(conn, busi);
                conn.commit();
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(conn, e);
                throw e;
            } finally {
                if (autoCommit) {
                    conn.setAutoCommit(true);
                }
            }
        }
    }

    private void rollbackQuietly(Connection conn, Throwable cause) {
        try {
            conn.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
            LOG.warnf("gid=%s barrier rollback failed: %s", gid, e);
        }
    }

    /**
     * Go {@code QueryPrepared}: answers DTM's question "did the message's local transaction commit?".
     * Inserts the row (branch "00", op "msg", barrier "01") with reason "rollback" if absent, which
     * blocks a local transaction still in flight from committing later, then reads the reason back:
     * "rollback" → {@link DtmFailureException} (answer ABORTED); otherwise it committed (answer OK).
     * A gid or trans type the table cannot store ({@link BarrierKeys}) answers "rolled back" without
     * writing: the local step of such a message was refused the same way.
     *
     * <p>The insert must be committed even when the answer is "rolled back": use an auto-commit
     * connection. On a connection in a transaction the caller must commit after catching the
     * {@link DtmFailureException} (this method neither commits nor closes).
     */
    public void queryPrepared(Connection conn) throws SQLException {
        Optional<String> problem = BarrierKeys.problem(transType, gid, DtmConstants.MSG_DO_BRANCH0,
                DtmConstants.MSG_DO_OP);
        if (problem.isPresent()) {
            LOG.infof("gid=%s query-prepared: message rolled back, the barrier cannot store it: %s", gid,
                    problem.get());
            throw new DtmFailureException("msg rolled back: its local step was refused: " + problem.get());
        }
        insertBarrier(conn, DtmConstants.MSG_DO_BRANCH0, DtmConstants.MSG_DO_OP, DtmConstants.MSG_DO_BARRIER1,
                DtmConstants.OP_ROLLBACK);
        String sql = "select reason from " + tableName + " where gid=? and branch_id=? and op=? and barrier_id=?";
        String reason;
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, gid);
            ps.setString(2, DtmConstants.MSG_DO_BRANCH0);
            ps.setString(3, DtmConstants.MSG_DO_OP);
            ps.setString(4, DtmConstants.MSG_DO_BARRIER1);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("barrier row of msg " + gid + " not found after insert");
                }
                reason = rs.getString(1);
            }
        }
        if (DtmConstants.OP_ROLLBACK.equals(reason)) {
            LOG.infof("gid=%s query-prepared: local transaction did not commit, message rolled back", gid);
            throw new DtmFailureException("msg " + gid + " rolled back: its local transaction did not commit");
        }
        LOG.debugf("gid=%s query-prepared: local transaction committed", gid);
    }

    /**
     * {@link #queryPrepared(Connection)} on an auto-commit connection from the data source (closed
     * afterwards). Call it outside any transaction (e.g. {@code @Transactional(NOT_SUPPORTED)}): it
     * answers "rolled back" by throwing, and inside a transaction that exception would roll back the
     * very row that keeps a late local step from committing.
     *
     * @throws IllegalStateException the connection is not in auto-commit (a transaction is active)
     */
    public void queryPrepared(DataSource dataSource) throws SQLException {
        try (Connection conn = dataSource.getConnection()) {
            if (!conn.getAutoCommit()) {
                throw new IllegalStateException("gid=" + gid + " queryPrepared needs an auto-commit connection: "
                        + "call it outside a transaction, or its \"rollback\" row is lost with the answer");
            }
            queryPrepared(conn);
        }
    }

    /** Go {@code InsertBarrier}: 0 rows when op is empty or the row exists. */
    private int insertBarrier(Connection conn, String branch, String barrierOp, String bid, String reason)
            throws SQLException {
        return insert(conn, tableName, transType, gid, branch, barrierOp, bid, reason);
    }

    /**
     * Go {@code dtmimp.InsertBarrier}: one barrier row, unless it is already there.
     *
     * @return 1 when the row was inserted, 0 when it was already there (or {@code op} is empty)
     * @throws DtmFailureException the table cannot store the branch exactly ({@link BarrierKeys})
     * @throws SQLException any error but the duplicate key, e.g. SQLState 22001 for a barrier id or
     *         reason longer than its column
     */
    public static int insertBarrier(Connection conn, String tableName, String transType, String gid, String branchId,
            String op, String barrierId, String reason) throws SQLException {
        Optional<String> problem = BarrierKeys.problem(transType, gid, branchId, op);
        if (problem.isPresent()) {
            throw new DtmFailureException("the branch barrier cannot store this branch: " + problem.get());
        }
        return insert(conn, checkTableName(tableName), transType, gid, branchId, op, barrierId, reason);
    }

    /**
     * {@link #insertBarrier} for a table name already checked. A plain {@code INSERT}, where Go's
     * client has {@code INSERT IGNORE}: IGNORE turns every error of the row into a warning, so MariaDB
     * stores a gid longer than its column cut to fit, and two gids that share their first 128
     * characters become one branch (the second call "already done", its work never run). Here only the
     * duplicate key (MySQL/MariaDB error 1062, SQLState 23000) means "already there"; InnoDB rolls back
     * just that statement and the transaction goes on, with the same lock on the existing row that
     * IGNORE takes. Any other error is thrown. (INSERT IGNORE and then reading the statement's warnings
     * would cost a SHOW WARNINGS round trip and a list of which warnings matter.)
     */
    private static int insert(Connection conn, String tableName, String transType, String gid, String branchId,
            String op, String barrierId, String reason) throws SQLException {
        if (op.isEmpty()) {
            return 0;
        }
        String sql = "insert into " + tableName
                + "(trans_type, gid, branch_id, op, barrier_id, reason) values(?,?,?,?,?,?)";
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, transType);
            ps.setString(2, gid);
            ps.setString(3, branchId);
            ps.setString(4, op);
            ps.setString(5, barrierId);
            ps.setString(6, reason);
            return ps.executeUpdate();
        } catch (SQLException e) {
            if (e.getErrorCode() == ER_DUP_ENTRY) {
                return 0;
            }
            throw e;
        }
    }

    @Override
    public String toString() {
        return "transInfo: " + transType + " " + gid + " " + branchId + " " + op;
    }
}
