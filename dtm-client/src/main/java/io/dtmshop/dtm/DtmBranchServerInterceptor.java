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
 * Server interceptor for services whose methods are DTM branches: the one place every branch call
 * passes before its handler.
 *
 * <ol>
 * <li>For a method declared in the service's {@link BranchOps} table: the call must carry the
 * {@code dtm-*} metadata and one of the method's (trans type, op) pairs, else INVALID_ARGUMENT; and,
 * with a {@link BranchToken}, a valid token for its gid and trans type. A call that fails the token
 * check changes nothing: a pair that starts work is answered ABORTED (DTM rolls the transaction
 * back); a pair that finishes work (phase 2, back-check, resume) is answered UNAUTHENTICATED, which
 * DTM retries, and logged at ERROR - a misconfigured secret must hold a compensation back, never
 * skip it.</li>
 * <li>Reads the {@code dtm-*} metadata and, when a {@code dtm-gid} is present, makes the branch
 * available as {@link BranchContext#current()} (an {@link io.grpc.Context} value) while the call
 * runs, which is what {@link io.dtmshop.dtm.barrier.BranchBarrier#fromGrpc()} reads.</li>
 * <li>As a safety net for the result convention: a {@link DtmException} escaping the handler, or a
 * call closed with a status whose cause is one, is answered with the status DTM expects
 * ({@link DtmGrpcErrors#toStatus(Throwable)}: failure = ABORTED, ongoing = FAILED_PRECONDITION).
 * Handlers should still convert explicitly with {@link DtmGrpcErrors#toStatusException(Throwable)}.</li>
 * </ol>
 * Methods not in the table (reads, audits) pass untouched.
 */
public class DtmBranchServerInterceptor implements ServerInterceptor {

    private static final Logger LOG = Logger.getLogger(DtmBranchServerInterceptor.class);
    private static final Metadata.Key<String> TOKEN = Metadata.Key.of(BranchToken.HEADER, Metadata.ASCII_STRING_MARSHALLER);

    private final BranchToken tokens;
    private final BranchOps ops;

    /** Checks no pair and no token: every call with DTM metadata is taken as a branch call. For tests and tools. */
    public DtmBranchServerInterceptor() {
        this(null, null);
    }

    /**
     * @param tokens the secrets branch calls must be signed with; null: no token check
     * @param ops the service's branch methods and their pairs; null: no method is checked
     */
    public DtmBranchServerInterceptor(BranchToken tokens, BranchOps ops) {
        this.tokens = tokens;
        this.ops = ops;
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
            ServerCallHandler<ReqT, RespT> next) {
        BranchContext branch = DtmMetadata.fromMetadata(headers);
        String method = call.getMethodDescriptor().getFullMethodName();
        if (ops != null && ops.isBranchMethod(method)) {
            Status refusal = refusal(method, branch, headers.get(TOKEN));
            if (refusal != null) {
                call.close(refusal, new Metadata());
                return new ServerCall.Listener<>() {
                };
            }
        }
        if (branch == null) {
            return next.startCall(call, headers);
        }
        onBranchCall(branch);
        LOG.debugf("gid=%s branch call %s trans_type=%s branch_id=%s op=%s", branch.gid(), method,
                branch.transType(), branch.branchId(), branch.op());
        MappingCall<ReqT, RespT> mapping = new MappingCall<>(call, branch);
        Context ctx = Context.current().withValue(BranchContext.CONTEXT_KEY, branch);
        ServerCall.Listener<ReqT> listener = Contexts.interceptCall(ctx, mapping, headers, next);
        return new MappingListener<>(listener, mapping);
    }

    /** Why a call of a declared branch method is refused, or null when it may go on. */
    private Status refusal(String method, BranchContext branch, String token) {
        String rpc = method.substring(method.lastIndexOf('/') + 1);
        if (branch == null || !branch.isComplete()) {
            return Status.INVALID_ARGUMENT.withDescription(
                    rpc + " is a DTM branch: dtm-gid, dtm-trans_type, dtm-branch_id and dtm-op are required");
        }
        BranchOp op = new BranchOp(branch.transType(), branch.op());
        BranchOps.Kind kind = ops.kind(method, op).orElse(null);
        if (kind == null) {
            LOG.warnf("gid=%s %s refused: it serves %s, not %s", branch.gid(), rpc, ops.pairs(method).keySet(), op);
            return Status.INVALID_ARGUMENT.withDescription(rpc + " does not serve " + op);
        }
        if (tokens == null) {
            return null;
        }
        BranchToken.Verdict verdict = tokens.verify(token, branch.transType(), branch.gid());
        if (verdict == BranchToken.Verdict.VALID) {
            return null;
        }
        if (kind == BranchOps.Kind.STARTS) {
            LOG.warnf("gid=%s %s %s refused: branch token %s", branch.gid(), rpc, op, verdict);
            return Status.ABORTED.withDescription(rpc + " refused: the call carries no valid branch token");
        }
        // DTM retries it: a compensation held back until the secrets agree, never skipped.
        LOG.errorf("gid=%s %s %s branch %s refused: branch token %s. If DTM sent it, the services do not share the "
                + "branch token secret (valid key ids here: %s); DTM retries it until they do", branch.gid(), rpc, op,
                branch.branchId(), verdict, tokens.keyIds());
        return Status.UNAUTHENTICATED.withDescription(rpc + " refused: the call carries no valid branch token");
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
