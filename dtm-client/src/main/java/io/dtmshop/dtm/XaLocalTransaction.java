package io.dtmshop.dtm;

import io.dtmshop.dtm.barrier.BarrierKeys;
import io.dtmshop.dtm.barrier.BranchBarrier;
import io.dtmshop.dtm.grpc.gen.DtmBranchRequest;
import io.grpc.Context;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The branch side of XA on MySQL/MariaDB (Go: {@code dtmimp.XaHandleLocalTrans} and
 * {@code XaHandlePhase2}); used through {@link DtmGrpcClient#xaLocalTransaction}.
 *
 * <p>The XA id of a branch is {@code <gid>-<branch id>}. Op "action":
 * <ol>
 * <li>{@code XA START}, then the barrier row (op "action", barrier "01") inside the XA
 *     transaction. If a phase-2 rollback got there first its row is already there: the branch
 *     refuses instead of preparing work that nobody would ever finish.</li>
 * <li>The business work, on the same connection.</li>
 * <li>Register the branch with DTM (its phase-2 URL), then {@code XA END} and {@code XA PREPARE}.
 *     Registering first means DTM always knows a prepared branch: a branch prepared but never
 *     registered would hold its row locks until someone found it by hand.</li>
 * </ol>
 * Any error before the prepare ends and rolls back the XA transaction: nothing is left behind.
 * A prepared branch outlives the connection and the service (the database keeps it) until DTM
 * calls phase 2: {@code XA COMMIT} or {@code XA ROLLBACK} from any connection. An unknown XA id
 * there means the branch was already finished (or never prepared), so phase 2 is idempotent - except
 * for a commit whose barrier row is not committed: MariaDB does not hand a prepared branch to
 * another session until the preparing session has closed, so that commit answers "ongoing" and
 * DTM commits again. A
 * rollback also inserts the barrier row (reason "rollback"), which turns away an action that
 * arrives after it.
 *
 * <p>In a workflow ({@code dtm-trans_type} "workflow") the workflow plays DTM's part: it records
 * the action's answer itself and calls the branch again with op "commit" or "rollback", so step 3
 * registers nothing. A workflow resumed after a crash may repeat an action whose first call
 * prepared but whose answer was lost: XA START then finds the XA id taken and the call answers
 * from the prepared transaction instead of doing the work twice.
 */
public final class XaLocalTransaction {

    private static final Logger LOG = Logger.getLogger(XaLocalTransaction.class);
    /**
     * MySQL's and MariaDB's limit on the global-transaction part of an XA id, in bytes ("gtrid ... up
     * to 64 bytes", MySQL reference manual, XA Transaction SQL Statements). The XA id here is all
     * gtrid, and ASCII ({@link BarrierKeys}): one character is one byte.
     */
    static final int MAX_XID_LENGTH = 64;
    /** ER_XAER_NOTA "Unknown XID", MySQL and MariaDB. */
    private static final int ER_XAER_NOTA = 1397;
    /** ER_XAER_DUPID "The XID already exists", MySQL and MariaDB. */
    private static final int ER_XAER_DUPID = 1440;
    private static final Set<String> PHASE2 = Set.of(DtmConstants.OP_COMMIT, DtmConstants.OP_ROLLBACK);
    /** How long a commit waits for a prepared branch to be handed over: 20 x 25 ms. */
    private static final int HANDOVER_ATTEMPTS = 20;
    private static final long HANDOVER_PAUSE_MILLIS = 25;

    private XaLocalTransaction() {
    }

    static void run(DtmGrpcClient dtm, BranchContext branch, DbConf db, DtmGrpcClient.XaLocalFunc busi)
            throws SQLException {
        if (PHASE2.contains(branch.op())) {
            phase2(db, branch);
            return;
        }
        if (!DtmConstants.OP_ACTION.equals(branch.op())) {
            throw new DtmFailureException("XA branch " + xid(branch) + ": unknown op '" + branch.op() + "'");
        }
        if (DtmConstants.TRANS_TYPE_WORKFLOW.equals(branch.transType())) {
            // A workflow records the branch itself once this call answers, and sends phase 2 itself
            // (op commit or rollback): nothing to register with DTM.
            action(branch, db, busi, () -> { });
            return;
        }
        if (branch.phase2Url().isEmpty()) {
            throw new DtmFailureException("XA branch " + xid(branch)
                    + " called without dtm-phase2_url: call it through XaGrpc.callBranch");
        }
        action(branch, db, busi, () -> dtm.registerBranch(DtmBranchRequest.newBuilder()
                .setGid(branch.gid())
                .setBranchID(branch.branchId())
                .setTransType(branch.transType())
                .putData(DtmConstants.XA_DATA_URL, branch.phase2Url())
                .build()));
    }

    /** What runs after the business work and before {@code XA END} / {@code XA PREPARE}. */
    @FunctionalInterface
    public interface BeforePrepare {
        void run() throws Exception;
    }

    /**
     * Phase 1 of an XA branch (op "action"): {@code XA START}, barrier row, {@code busi},
     * {@code beforePrepare} (XA mode: register with DTM), {@code XA END}, {@code XA PREPARE}, on a
     * connection of its own that is closed afterwards. A second call for an XA id that is already
     * prepared (a workflow resumed after its process died before recording the answer) answers as
     * the first did, without running {@code busi} again; one whose first call is still running
     * answers "ongoing".
     *
     * @throws DtmFailureException busi refused, or the branch was already rolled back
     * @throws DtmOngoingException the same XA id is still active in another session
     */
    public static void action(BranchContext branch, DbConf db, DtmGrpcClient.XaLocalFunc busi,
            BeforePrepare beforePrepare) throws SQLException {
        String xid = xid(branch);
        // A connection of its own, closed after the prepare: that detaches the prepared transaction
        // from the session (see DbConf).
        try (Connection conn = db.open()) {
            try {
                exec(conn, "XA START '" + xid + "'");
            } catch (SQLException e) {
                if (!isDuplicateXid(e)) {
                    throw e;
                }
                if (isPrepared(conn, xid)) {
                    LOG.infof("gid=%s XA branch %s is already prepared: a repeated action, nothing to do",
                            branch.gid(), xid);
                    return;
                }
                throw new DtmOngoingException("XA branch " + xid + " is still running in another session");
            }
            try {
                if (insertBarrier(conn, branch, DtmConstants.OP_ACTION) == 0) {
                    throw new DtmFailureException("XA branch " + xid + " was already rolled back");
                }
                busi.call(conn);
                beforePrepare.run();
                if (Context.current().isCancelled()) {
                    // The caller gave up (its deadline passed while busi waited for a row lock, say)
                    // and is rolling the branch back: a branch prepared now would hold its rows until
                    // that rollback, blocked behind this very transaction, times out and is retried.
                    throw new DtmOngoingException("XA branch " + xid + ": the call was cancelled before the prepare");
                }
                exec(conn, "XA END '" + xid + "'");
                exec(conn, "XA PREPARE '" + xid + "'");
            } catch (SQLException | RuntimeException e) {
                abandon(conn, xid, e);
                throw e;
            } catch (Exception e) {
                abandon(conn, xid, e);
                throw new DtmException(String.valueOf(e.getMessage()), e);
            }
        }
        LOG.infof("gid=%s XA branch %s prepared", branch.gid(), xid);
    }

    /**
     * Phase 2 of an XA branch (op "commit" or "rollback"), on a connection of its own: {@code XA COMMIT}
     * or {@code XA ROLLBACK}; an unknown XA id means it was already done. A rollback also writes
     * the barrier row, which turns away an action that arrives later.
     *
     * <p>A branch whose gid and branch id cannot make an XA id ({@link #xidProblem}) is done at once:
     * its action was refused for the same reason, so nothing can be prepared under it, and any
     * answer but OK would have DTM (or the workflow) call phase 2 again forever.
     */
    public static void phase2(DbConf db, BranchContext branch) throws SQLException {
        Optional<String> problem = xidProblem(branch);
        if (problem.isPresent()) {
            LOG.warnf("gid=%s XA branch %s: %s answered as done without a statement, nothing can be prepared "
                    + "under an XA id that cannot exist (%s)", branch.gid(), branch.branchId(), branch.op(),
                    problem.get());
            return;
        }
        String xid = xid(branch);
        boolean commit = DtmConstants.OP_COMMIT.equals(branch.op());
        try (Connection conn = db.open()) {
            try {
                exec(conn, (commit ? "XA COMMIT '" : "XA ROLLBACK '") + xid + "'");
                LOG.infof("gid=%s XA branch %s %s", branch.gid(), xid, commit ? "committed" : "rolled back");
            } catch (SQLException e) {
                if (!isUnknownXid(e)) {
                    throw e;
                }
                if (commit && !actionCommitted(conn, branch)) {
                    // MariaDB answers "unknown XID" for a prepared branch until the session that
                    // prepared it has finished closing (seen within milliseconds of the prepare,
                    // under load). DTM only commits a branch that prepared, so its barrier row not
                    // being committed means exactly that: commit once it is handed over, or let DTM
                    // commit again later - the branch holds its rows until then.
                    commitOnceHandedOver(conn, branch, xid);
                } else {
                    LOG.infof("gid=%s XA branch %s: nothing prepared to %s (already finished, or never prepared)",
                            branch.gid(), xid, branch.op());
                }
            }
            if (!commit) {
                // Blocks while an action of this branch is still running, and then turns it away.
                insertBarrier(conn, branch, DtmConstants.OP_ROLLBACK);
            }
        }
    }

    /**
     * {@code <gid>-<branch id>}, checked: it is spliced into the XA statements as a literal.
     *
     * @throws DtmFailureException the branch cannot make an XA id ({@link #xidProblem})
     */
    static String xid(BranchContext branch) {
        Optional<String> problem = xidProblem(branch);
        if (problem.isPresent()) {
            throw new DtmFailureException("XA branch refused: " + problem.get());
        }
        return branch.gid() + "-" + branch.branchId();
    }

    /**
     * Why {@code <gid>-<branch id>} cannot be this branch's XA id: a gid or branch id outside
     * {@link BarrierKeys} (whose characters are all safe inside a quoted literal), or an XA id longer
     * than {@value #MAX_XID_LENGTH} bytes.
     *
     * @return empty when it can
     */
    static Optional<String> xidProblem(BranchContext branch) {
        Optional<String> problem = BarrierKeys.idProblem("gid", branch.gid())
                .or(() -> BarrierKeys.idProblem("branch id", branch.branchId()));
        if (problem.isPresent()) {
            return problem;
        }
        int length = branch.gid().length() + 1 + branch.branchId().length();
        if (length > MAX_XID_LENGTH) {
            return Optional.of("its XA id (gid '-' branch id) would be " + length + " bytes long; MySQL and MariaDB "
                    + "take at most " + MAX_XID_LENGTH);
        }
        return Optional.empty();
    }

    /**
     * Tries {@code XA COMMIT} again for a short while, until the session that prepared the branch
     * has let go of it.
     *
     * @throws DtmOngoingException still not handed over: DTM commits again after its retry interval
     */
    private static void commitOnceHandedOver(Connection conn, BranchContext branch, String xid) throws SQLException {
        for (int attempt = 0; attempt < HANDOVER_ATTEMPTS; attempt++) {
            try {
                Thread.sleep(HANDOVER_PAUSE_MILLIS);
                exec(conn, "XA COMMIT '" + xid + "'");
                LOG.infof("gid=%s XA branch %s committed once its preparing session let go of it", branch.gid(), xid);
                return;
            } catch (SQLException e) {
                if (!isUnknownXid(e)) {
                    throw e;
                }
                if (actionCommitted(conn, branch)) {
                    return; // committed meanwhile by another call of DTM's
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new DtmOngoingException("XA branch " + xid + " is prepared but not yet free for another session to commit");
    }

    /** The branch's barrier row, written inside its XA transaction, is committed: so is the branch. */
    private static boolean actionCommitted(Connection conn, BranchContext branch) throws SQLException {
        String sql = "SELECT reason FROM " + BranchBarrier.defaultTableName()
                + " WHERE gid = ? AND branch_id = ? AND op = ? AND barrier_id = ?";
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, branch.gid());
            ps.setString(2, branch.branchId());
            ps.setString(3, DtmConstants.OP_ACTION);
            ps.setString(4, DtmConstants.XA_BARRIER1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && DtmConstants.OP_ACTION.equals(rs.getString(1));
            }
        }
    }

    /** XA RECOVER lists the XA id: it is prepared. Needs the XA_RECOVER_ADMIN (MySQL 8) or SUPER privilege. */
    private static boolean isPrepared(Connection conn, String xid) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("XA RECOVER")) {
            while (rs.next()) {
                if (xid.equals(rs.getString("data"))) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean isDuplicateXid(SQLException e) {
        return e.getErrorCode() == ER_XAER_DUPID || String.valueOf(e.getMessage()).contains("XAER_DUPID");
    }

    static boolean isUnknownXid(SQLException e) {
        return e.getErrorCode() == ER_XAER_NOTA || String.valueOf(e.getMessage()).contains("XAER_NOTA");
    }

    private static void abandon(Connection conn, String xid, Exception cause) {
        try {
            exec(conn, "XA END '" + xid + "'");
        } catch (SQLException ignored) {
            // already ended (the prepare failed): the rollback below is what matters
        }
        try {
            exec(conn, "XA ROLLBACK '" + xid + "'");
            LOG.infof("XA branch %s rolled back locally: %s", xid, cause.toString());
        } catch (SQLException e) {
            cause.addSuppressed(e);
            LOG.warnf("XA branch %s could not be rolled back locally (the database does so when the connection closes): %s",
                    xid, e);
        }
    }

    /** The branch's one barrier row (op "action", barrier "01"), with the given reason. */
    private static int insertBarrier(Connection conn, BranchContext branch, String reason) throws SQLException {
        return BranchBarrier.insertBarrier(conn, BranchBarrier.defaultTableName(), branch.transType(), branch.gid(),
                branch.branchId(), DtmConstants.OP_ACTION, DtmConstants.XA_BARRIER1, reason);
    }

    private static void exec(Connection conn, String sql) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute(sql);
        }
    }
}
