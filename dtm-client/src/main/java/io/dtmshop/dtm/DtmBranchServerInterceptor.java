package io.dtmshop.dtm;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Server interceptor for services whose methods are DTM branches.
 *
 * <ol>
 * <li>Reads the {@code dtm-*} metadata and, when a {@code dtm-gid} is present, makes the branch
 * available as {@link BranchContext#current()} (an {@link io.grpc.Context} value) while the call
 * runs, which is what {@link io.dtmshop.dtm.barrier.BranchBarrier#fromGrpc()} reads.</li>
 * <li>As a safety net for the result convention: a {@link DtmException} escaping the handler, or a
 * call closed with a status whose cause is one, is answered with the status DTM expects
 * ({@link DtmGrpcErrors#toStatus(Throwable)}: failure = ABORTED, ongoing = FAILED_PRECONDITION).
 * Handlers should still convert explicitly with {@link DtmGrpcErrors#toStatusException(Throwable)}.</li>
 * </ol>
 */
public class DtmBranchServerInterceptor implements ServerInterceptor {

    private static final Logger LOG = Logger.getLogger(DtmBranchServerInterceptor.class);

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
            ServerCallHandler<ReqT, RespT> next) {
        BranchContext branch = DtmMetadata.fromMetadata(headers);
        if (branch == null) {
            return next.startCall(call, headers);
        }
        String method = call.getMethodDescriptor().getFullMethodName();
        onBranchCall(branch);
        LOG.debugf("gid=%s branch call %s trans_type=%s branch_id=%s op=%s", branch.gid(), method,
                branch.transType(), branch.branchId(), branch.op());
        MappingCall<ReqT, RespT> mapping = new MappingCall<>(call, branch);
        Context ctx = Context.current().withValue(BranchContext.CONTEXT_KEY, branch);
        ServerCall.Listener<ReqT> listener = Contexts.interceptCall(ctx, mapping, headers, next);
        return new MappingListener<>(listener, mapping);
    }

    /**
     * Called in {@link #interceptCall} for each call that carries a {@code dtm-gid}, on the thread and
     * in the context of interceptCall, before the call starts: a subclass tags the call's trace span
     * here (see dtm-branch-service). Does nothing by default.
     */
    protected void onBranchCall(BranchContext branch) {
    }

    /** Rewrites a close whose status was caused by a DtmException. */
    private static final class MappingCall<ReqT, RespT> extends SimpleForwardingServerCall<ReqT, RespT> {
        private final BranchContext branch;
        private final AtomicBoolean closed = new AtomicBoolean();

        MappingCall(ServerCall<ReqT, RespT> delegate, BranchContext branch) {
            super(delegate);
            this.branch = branch;
        }

        @Override
        public void close(Status status, Metadata trailers) {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            Status out = status;
            Throwable cause = status.getCause();
            if (!status.isOk() && cause != null && containsDtmException(cause)) {
                out = DtmGrpcErrors.toStatus(cause);
            }
            if (!out.isOk()) {
                LOG.debugf("gid=%s branch %s op=%s answered %s %s", branch.gid(), branch.branchId(), branch.op(),
                        out.getCode(), out.getDescription());
            }
            super.close(out, trailers);
        }

        void closeWith(RuntimeException e) {
            LOG.debugf("gid=%s branch %s op=%s threw %s", branch.gid(), branch.branchId(), branch.op(), e);
            close(DtmGrpcErrors.toStatus(e), new Metadata());
        }

        boolean isClosed() {
            return closed.get();
        }
    }

    /** Answers a DtmException thrown straight out of the handler (plain grpc-java unary handlers). */
    private static final class MappingListener<ReqT> extends SimpleForwardingServerCallListener<ReqT> {
        private final MappingCall<ReqT, ?> call;

        MappingListener(ServerCall.Listener<ReqT> delegate, MappingCall<ReqT, ?> call) {
            super(delegate);
            this.call = call;
        }

        @Override
        public void onMessage(ReqT message) {
            try {
                super.onMessage(message);
            } catch (DtmException e) {
                handle(e);
            }
        }

        @Override
        public void onHalfClose() {
            try {
                super.onHalfClose();
            } catch (DtmException e) {
                handle(e);
            }
        }

        private void handle(DtmException e) {
            if (call.isClosed()) {
                throw e;
            }
            call.closeWith(e);
        }
    }

    private static boolean containsDtmException(Throwable t) {
        Throwable cur = t;
        for (int depth = 0; cur != null && depth < 32; depth++) {
            if (cur instanceof DtmException) {
                return true;
            }
            if (cur.getCause() == cur) {
                break;
            }
            cur = cur.getCause();
        }
        return false;
    }
}
