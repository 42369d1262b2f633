package io.dtmshop.dtm;

import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.TextFormat;
import io.dtmshop.dtm.barrier.BranchBarrier;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The frame every DTM branch handler of a gRPC service shares: take the branch from the call, log it, run the work
 * and answer with the status DTM acts on.
 *
 * <ul>
 * <li>OK: the branch succeeded (or the barrier found it already done).</li>
 * <li>ABORTED ({@link io.dtmshop.dtm.DtmFailureException}): a business failure; DTM rolls back.</li>
 * <li>anything unexpected: INTERNAL; DTM retries the branch later.</li>
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
        LOG.errorf(e, "gid=%s op=%s %s failed unexpectedly; DTM will retry", branch.gid(), branch.op(), rpc);
        // Only the exception's type leaves the service: DTM stores the description and may show it
        // to a buyer, and an SQL message names tables and values. The log has the whole story.
        return Status.INTERNAL.withDescription(rpc + " failed (" + e.getClass().getSimpleName() + "); DTM will retry")
                .withCause(e).asRuntimeException();
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
