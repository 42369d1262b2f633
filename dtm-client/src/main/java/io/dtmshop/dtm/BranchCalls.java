package io.dtmshop.dtm;

import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.TextFormat;
import io.dtmshop.dtm.barrier.BarrierKeys;
import io.dtmshop.dtm.barrier.BranchBarrier;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The frame every DTM branch handler of a gRPC service shares: take the branch from the call, log it, run the work
 * and answer with the status DTM acts on.
 *
 * <ul>
 * <li>OK: the branch succeeded (or the barrier found it already done).</li>
 * <li>ABORTED ({@link io.dtmshop.dtm.DtmFailureException}): a business failure; DTM rolls back.</li>
 * <li>ABORTED too: an action ({@code action}, {@code try}, {@code msg}) the database refused for good, an
 * {@link SQLException} of SQLState class 22 (data exception: too long, out of range) or 23 (integrity
 * constraint: duplicate key, foreign key, CHECK) anywhere in the cause chain (Hibernate and JPA wrap
 * it). Another call cannot succeed where this one failed, so it must not be retried forever. The
 * description names the class and SQLState but no SQL text: DTM stores it as the rollback reason and a
 * shop may show it to its buyer.</li>
 * <li>anything else: INTERNAL; DTM retries the branch later. That includes transient errors
 * (deadlock, lock wait timeout, connection lost) and a phase-2 op ({@link BarrierKeys#PHASE2_OPS})
 * the database refused for good: DTM must finish phase 2, so it keeps retrying while the data is
 * fixed by hand, and the error is logged at ERROR with the gid.</li>
 * </ul>
 */
public final class BranchCalls {

    private static final Logger LOG = Logger.getLogger(BranchCalls.class);

    /** The business part of a branch handler. */
    @FunctionalInterface
    public interface BranchWork<T> {
        T run(BranchBarrier barrier) throws Exception;
    }

    private BranchCalls() {
    }

    public static <T> void handle(String rpc, MessageOrBuilder request, StreamObserver<T> response, BranchWork<T> work) {
        // Put there by DtmBranchServerInterceptor; the io.grpc.Context follows the call onto the worker thread.
        BranchContext branch = BranchContext.current();
        if (branch == null || !branch.isComplete()) {
            LOG.warnf("%s called without DTM branch metadata: %s", rpc, branch);
            response.onError(Status.INVALID_ARGUMENT
                    .withDescription(rpc + " is a DTM branch: dtm-gid, dtm-trans_type, dtm-branch_id and dtm-op are required")
                    .asRuntimeException());
            return;
        }
        // The gid in the MDC also tags what Hibernate, Agroal or the driver log during this call.
        MDC.put("gid", branch.gid());
        try {
            LOG.infof("gid=%s op=%s branch_id=%s %s(%s)", branch.gid(), branch.op(), branch.branchId(), rpc,
                    TextFormat.shortDebugString(request));
            T reply;
            try {
                reply = work.run(BranchBarrier.from(branch));
            } catch (Exception e) {
                response.onError(toStatus(branch, rpc, e));
                return;
            }
            response.onNext(reply);
            response.onCompleted();
        } finally {
            MDC.remove("gid");
        }
    }

    private static StatusRuntimeException toStatus(BranchContext branch, String rpc, Exception e) {
        if (carriesResult(e)) {
            StatusRuntimeException status = DtmGrpcErrors.toStatusException(e);
            LOG.infof("gid=%s op=%s %s answered %s: %s", branch.gid(), branch.op(), rpc,
                    status.getStatus().getCode(), status.getStatus().getDescription());
            return status;
        }
        Optional<String> sqlState = permanentSqlState(e);
        if (sqlState.isPresent() && !BarrierKeys.isPhase2(branch.op())) {
            LOG.warnf(e, "gid=%s op=%s %s refused by the database for good (SQLState %s): answered as a business "
                    + "failure", branch.gid(), branch.op(), rpc, sqlState.get());
            return Status.ABORTED.withDescription(rpc + " refused: " + describe(sqlState.get())).asRuntimeException();
        }
        if (sqlState.isPresent()) {
            LOG.errorf(e, "gid=%s op=%s %s refused by the database for good (SQLState %s); DTM retries phase 2 until "
                    + "it succeeds, so the data must be fixed by hand", branch.gid(), branch.op(), rpc, sqlState.get());
            return Status.INTERNAL.withDescription(rpc + " failed: " + describe(sqlState.get()) + "; DTM will retry")
                    .withCause(e).asRuntimeException();
        }
        LOG.errorf(e, "gid=%s op=%s %s failed unexpectedly; DTM will retry", branch.gid(), branch.op(), rpc);
        // Only the exception's type leaves the service: DTM stores the description and may show it
        // to a buyer, and an SQL message names tables and values. The log has the whole story.
        return Status.INTERNAL.withDescription(rpc + " failed (" + e.getClass().getSimpleName() + "); DTM will retry")
                .withCause(e).asRuntimeException();
    }

    /**
     * The SQLState of a permanent refusal by the database found in {@code e}, its causes or their
     * suppressed exceptions: class 22 (data exception) or 23 (integrity constraint violation) of the
     * SQL standard's SQLSTATE. Both say the statement's data is wrong, so the same call fails the same
     * way however often it is retried.
     *
     * @return empty when there is none (a transient or unknown error)
     */
    static Optional<String> permanentSqlState(Throwable e) {
        Deque<Throwable> todo = new ArrayDeque<>(List.of(e));
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (!todo.isEmpty()) {
            Throwable t = todo.pop();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
                return Optional.of(sql.getSQLState());
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            todo.addAll(List.of(t.getSuppressed()));
        }
        return Optional.empty();
    }

    private static String describe(String sqlState) {
        return sqlState.startsWith("22")
                ? "a value does not fit its column (SQLState " + sqlState + ")"
                : "the write breaks a database constraint (SQLState " + sqlState + ")";
    }

    /** True when the exception already says what DTM should do: a DTM result or a gRPC status. */
    private static boolean carriesResult(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DtmException || t instanceof StatusRuntimeException || t instanceof StatusException) {
                return true;
            }
        }
        return false;
    }
}
