package io.dtmshop.dtm.workflow;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.dtmshop.dtm.BranchContext;
import io.dtmshop.dtm.BranchInvoker;
import io.dtmshop.dtm.DbConf;
import io.dtmshop.dtm.DtmConstants;
import io.dtmshop.dtm.DtmException;
import io.dtmshop.dtm.DtmFailureException;
import io.dtmshop.dtm.DtmGrpcClient;
import io.dtmshop.dtm.DtmGrpcErrors;
import io.dtmshop.dtm.DtmMetadata;
import io.dtmshop.dtm.Json;
import io.dtmshop.dtm.TransBase;
import io.dtmshop.dtm.XaLocalTransaction;
import io.dtmshop.dtm.barrier.BranchBarrier;
import io.dtmshop.dtm.grpc.gen.DtmBranchRequest;
import io.dtmshop.dtm.grpc.gen.DtmProgress;
import io.dtmshop.dtm.grpc.gen.DtmProgressesReply;
import io.dtmshop.dtm.grpc.gen.DtmRequest;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * One execution of a workflow (Go: {@code workflow.Workflow}): the object a workflow function
 * receives. Get executions from {@link Workflows#execute}; do not share one between threads.
 *
 * <p>A workflow function is plain code that calls branches in order:
 * <pre>{@code
 * wf.newBranch().onRollback(bb -> wf.callBranch(req, refundUrl));
 * wf.callBranch(req, deductUrl);                // recorded with DTM before it counts
 * wf.newBranch().onCommit(bb -> wf.callBranch(req, confirmUrl))
 *               .onRollback(bb -> wf.callBranch(req, cancelUrl));
 * wf.callBranch(req, tryUrl);
 * wf.newBranch();
 * StockReply reply = stockStub.withInterceptors(wf.interceptor()).deductStock(req); // a stub call as the step
 * }</pre>
 * Every action ({@link #callBranch}, a call through {@link #interceptor()}, {@link #doAction},
 * {@link #doXa}) is recorded with DTM
 * ({@code RegisterBranch}: branch id, op, status, result) as soon as its outcome is known. When
 * the function returns, the commit callbacks run (last branch first); when it throws a failure
 * ({@link DtmFailureException}, gRPC ABORTED), the rollback callbacks run, also last first; each
 * callback's success is recorded too. Then the workflow is submitted with its outcome.
 *
 * <p>A workflow executed again with the same gid - by DTM through its Execute callback after the
 * process died, or by anyone calling {@link Workflows#execute} - runs the same function from the
 * top, but every step DTM has a record of returns that record instead of running: nothing is done
 * twice that finished once. A step whose outcome is unknown (a timeout, a service down, DTM
 * unreachable while recording) is not recorded, and the execution stops without submitting; DTM
 * calls the workflow back later and the step runs again - so a branch must be idempotent, which
 * the branch barrier gives it.
 */
public final class Workflow extends TransBase<Workflow> {

    private static final Logger LOG = Logger.getLogger(Workflow.class);
    private static final int MAX_BRANCHES = 99;
    /** Progress op under which {@link #doXa} marks "business done, prepare pending". */
    static final String OP_XA_BUSINESS = "business";

    /** Go {@code WfFunc2}: the workflow; returns its result (may be null). */
    @FunctionalInterface
    public interface WfFunc {
        byte[] run(Workflow wf, byte[] data) throws Exception;
    }

    /** Go {@code WfPhase2Func}: a commit or rollback callback, with the barrier of its branch and op. */
    @FunctionalInterface
    public interface WfPhase2Func {
        void run(BranchBarrier bb) throws Exception;
    }

    /** Go {@code OnFinish}'s callback: one function for both outcomes. */
    @FunctionalInterface
    public interface WfFinishFunc {
        void run(BranchBarrier bb, boolean isRollback) throws Exception;
    }

    /** Go {@code Do}'s function: a local step, with the barrier of its branch (op "action"). */
    @FunctionalInterface
    public interface DoFunc {
        byte[] run(BranchBarrier bb) throws Exception;
    }

    /** Go {@code DoXa}'s function: the work of a local XA branch, on the connection carrying it. */
    @FunctionalInterface
    public interface DoXaFunc {
        byte[] run(Connection xa) throws Exception;
    }

    /** Go {@code workflow.Options}. */
    public static final class Options {
        private boolean compensateErrorBranch;
        private UnaryOperator<RuntimeException> grpcErrorToDtmError = e -> e;

        /**
         * Go {@code CompensateErrorBranch}: also run the rollback callback of the branch whose action
         * failed. Off by default: a branch that refused did nothing. Turn it on when a failure may
         * hide work done (a timeout mapped to a failure); with the barrier, a rollback of an action
         * that never ran does nothing.
         */
        public Options compensateErrorBranch(boolean compensate) {
            this.compensateErrorBranch = compensate;
            return this;
        }

        public boolean compensateErrorBranch() {
            return compensateErrorBranch;
        }

        /**
         * Go {@code GRPCError2DtmError}: how the error of a recorded branch call (and of the workflow
         * function) is read. The default keeps DTM's convention - ABORTED is a failure,
         * FAILED_PRECONDITION ongoing, anything else unknown; return a {@link DtmFailureException}
         * to make an error a failure.
         */
        public Options grpcErrorToDtmError(UnaryOperator<RuntimeException> mapping) {
            this.grpcErrorToDtmError = mapping;
            return this;
        }
    }

    private record Phase2Item(String branchId, WfPhase2Func fn) {
    }

    private final String name;
    private final Options options = new Options();
    private final List<Phase2Item> succeededOps = new ArrayList<>();
    private final List<Phase2Item> failedOps = new ArrayList<>();
    private Map<String, StepResult> progresses = Map.of();
    private int lastBranch;
    private String currentBranch = "";
    private String currentOp = DtmConstants.OP_ACTION;
    private boolean currentActionAdded;
    private boolean currentCommitAdded;
    private boolean currentRollbackAdded;

    Workflow(DtmGrpcClient dtm, String name, String gid, byte[] data, String callbackUrl) {
        super(dtm, gid, DtmConstants.TRANS_TYPE_WORKFLOW);
        this.name = name;
        Map<String, Object> custom = new LinkedHashMap<>();
        custom.put("name", name);
        custom.put("data", data == null ? new byte[0] : data); // base64, like Go's encoding/json for []byte
        customData(Json.write(custom));
        queryPrepared(callbackUrl);
    }

    public String name() {
        return name;
    }

    public Options options() {
        return options;
    }

    /** The branch being worked on ({@code "01"}, {@code "02"}, ...; empty before the first {@link #newBranch}). */
    public String currentBranch() {
        return currentBranch;
    }

    /** {@code "action"} while the workflow function runs, {@code "commit"} or {@code "rollback"} in phase 2. */
    public String currentOp() {
        return currentOp;
    }

    /** Go {@code NewBranch}: the next branch ({@code "01"}, {@code "02"}, ...); its action and callbacks follow. */
    public Workflow newBranch() {
        if (!DtmConstants.OP_ACTION.equals(currentOp)) {
            throw new IllegalStateException("gid=" + gid() + ": newBranch() cannot be called in a branch callback");
        }
        if (lastBranch >= MAX_BRANCHES) {
            throw new IllegalStateException("a workflow can have at most " + MAX_BRANCHES + " branches");
        }
        lastBranch++;
        currentBranch = String.format("%02d", lastBranch);
        currentActionAdded = false;
        currentCommitAdded = false;
        currentRollbackAdded = false;
        return this;
    }

    /**
     * Go {@code OnRollback}: what undoes the current branch if the workflow fails - a saga's
     * compensation, a TCC Cancel. Add it before the action, so it is known even if the action
     * dies half-way.
     */
    public Workflow onRollback(WfPhase2Func compensate) {
        requireBranch("onRollback");
        if (currentRollbackAdded) {
            throw new IllegalStateException("branch " + currentBranch + " already has a rollback callback");
        }
        currentRollbackAdded = true;
        failedOps.add(new Phase2Item(currentBranch, compensate));
        return this;
    }

    /** Go {@code OnCommit}: what finishes the current branch once the workflow succeeded - a TCC Confirm. */
    public Workflow onCommit(WfPhase2Func commit) {
        requireBranch("onCommit");
        if (currentCommitAdded) {
            throw new IllegalStateException("branch " + currentBranch + " already has a commit callback");
        }
        currentCommitAdded = true;
        succeededOps.add(new Phase2Item(currentBranch, commit));
        return this;
    }

    /** Go {@code OnFinish}: one callback for both outcomes (e.g. an XA branch's phase 2). */
    public Workflow onFinish(WfFinishFunc fn) {
        return onCommit(bb -> fn.run(bb, false)).onRollback(bb -> fn.run(bb, true));
    }

    /**
     * A recorded gRPC call (Go: a call through {@code workflow.Interceptor}): calls {@code url} with
     * the {@code dtm-*} metadata of the current branch and op, the way DTM would call a branch.
     * While the workflow function runs, the answer is recorded with DTM and, on a re-execution, the
     * record is returned without calling; in a commit or rollback callback the call is made as it is
     * (the callback as a whole is recorded).
     *
     * @return the serialized reply
     * @throws DtmFailureException the branch refused (ABORTED), now or in the record
     * @throws RuntimeException an unknown outcome (after {@link Options#grpcErrorToDtmError})
     */
    public byte[] callBranch(Message request, String url) {
        requireBranch("callBranch");
        BranchContext branch = new BranchContext(gid(), transType(), currentBranch, currentOp, dtm.dtmServer());
        if (!DtmConstants.OP_ACTION.equals(currentOp)) {
            return invoke(url, request, branch);
        }
        return recordedDo(bb -> {
            try {
                return StepResult.of(invoke(url, request, branch), null);
            } catch (RuntimeException e) {
                return StepResult.of(null, options.grpcErrorToDtmError.apply(e));
            }
        }).get();
    }

    /**
     * Go: a call through {@code workflow.Interceptor} with a reply: {@link #callBranch(Message, String)}
     * with the reply read as the caller's type.
     *
     * @param reply any message of the branch's reply type, e.g. {@code StockReply.getDefaultInstance()}
     * @return the branch's reply, now or from the record
     * @throws io.grpc.StatusRuntimeException INTERNAL when the reply is no such message
     */
    public <R extends Message> R callBranch(Message request, String url, R reply) {
        return BranchInvoker.parseReply(callBranch(request, url), reply, url);
    }

    /**
     * Go {@code workflow.Interceptor}: makes the calls of a generated gRPC stub steps of this
     * workflow, as {@link #callBranch} does for a URL:
     * <pre>{@code
     * wf.newBranch().onRollback(bb -> stock.withInterceptors(wf.interceptor()).refundStock(req));
     * StockReply reply = stock.withInterceptors(wf.interceptor()).deductStock(req);
     * }</pre>
     * While the workflow function runs, a call is the current branch's action: it carries the
     * {@code dtm-*} metadata of the branch (trans type {@code workflow}, op {@code action}, the DTM
     * address) and the {@link #callHeaders()}, its reply or failure is recorded with DTM before the
     * stub returns, and on a re-execution the record answers without calling. In a commit or
     * rollback callback the call is made as it is, with the callback's op (the callback as a whole is
     * recorded). A failure reaches the caller as the stub's {@code StatusRuntimeException} (ABORTED
     * for a failure, as Go returns the DTM error), after {@link Options#grpcErrorToDtmError}.
     *
     * <p>Unary methods only. The call blocks until it is recorded, also from an async stub, and must
     * be made on the workflow's thread. Go finds the workflow in the call's {@code context.Context}
     * ({@code wf.NewBranchCtx()}); here the interceptor is bound to this workflow.
     */
    public ClientInterceptor interceptor() {
        return new StepInterceptor();
    }

    private final class StepInterceptor implements ClientInterceptor {
        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            if (method.getType() != MethodDescriptor.MethodType.UNARY) {
                throw new IllegalArgumentException("a workflow step must be a unary call: " + method.getFullMethodName()
                        + " is " + method.getType());
            }
            return new StepCall<>(method, options, next);
        }
    }

    /**
     * A unary call run as a workflow step when the stub half-closes it: the real call (or the record)
     * happens synchronously there, and its outcome is handed to the stub's listener.
     */
    private final class StepCall<Q, R> extends ClientCall<Q, R> {
        private final MethodDescriptor<Q, R> method;
        private final CallOptions options;
        private final Channel next;
        private Listener<R> listener;
        private Metadata headers;
        private Q request;

        StepCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            this.method = method;
            this.options = options;
            this.next = next;
        }

        @Override
        public void start(Listener<R> responseListener, Metadata headers) {
            this.listener = responseListener;
            this.headers = headers;
        }

        @Override
        public void request(int numMessages) {
            // one reply, delivered on halfClose
        }

        @Override
        public void sendMessage(Q message) {
            this.request = message;
        }

        @Override
        public void cancel(String message, Throwable cause) {
            // nothing runs outside halfClose
        }

        @Override
        public void halfClose() {
            requireBranch("a call through interceptor()");
            String url = method.getFullMethodName();
            BranchContext branch = new BranchContext(gid(), transType(), currentBranch, currentOp, dtm.dtmServer());
            R reply;
            try {
                if (!DtmConstants.OP_ACTION.equals(currentOp)) {
                    reply = call(branch);
                } else {
                    byte[] recorded = recordedDo(bb -> {
                        try {
                            return StepResult.of(toBytes(call(branch)), null);
                        } catch (RuntimeException e) {
                            return StepResult.of(null, options().grpcErrorToDtmError.apply(
                                    DtmGrpcErrors.withBranch(e, url)));
                        }
                    }).get();
                    reply = method.parseResponse(new ByteArrayInputStream(recorded));
                }
            } catch (RuntimeException e) {
                StatusRuntimeException status = DtmGrpcErrors.toStatusException(e);
                listener.onClose(status.getStatus(), status.getTrailers() == null ? new Metadata() : status.getTrailers());
                return;
            }
            listener.onHeaders(new Metadata());
            listener.onMessage(reply);
            listener.onClose(Status.OK, new Metadata());
        }

        private R call(BranchContext branch) {
            Metadata md = new Metadata();
            md.merge(headers);
            md.merge(DtmMetadata.toMetadata(branch));
            callHeaders().forEach((name, value) -> md.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value));
            Channel withMetadata = ClientInterceptors.intercept(next, MetadataUtils.newAttachHeadersInterceptor(md));
            return ClientCalls.blockingUnaryCall(withMetadata, method, options, request);
        }

        private byte[] toBytes(R reply) {
            try (InputStream in = method.streamResponse(reply)) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private byte[] invoke(String url, Message request, BranchContext branch) {
        try {
            return dtm.branchInvoker().invoke(url, request.toByteArray(), branch, callHeaders());
        } catch (RuntimeException e) {
            throw DtmGrpcErrors.withBranch(e, url);
        }
    }

    /**
     * Go {@code Do}: a local step of the current branch, recorded like {@link #callBranch}. Use
     * {@code bb} (op "action") to make its database work idempotent.
     */
    public byte[] doAction(DoFunc fn) {
        requireBranch("doAction");
        return recordedDo(bb -> {
            try {
                return StepResult.of(fn.run(bb), null);
            } catch (Exception e) {
                return StepResult.of(null, DtmGrpcErrors.fromGrpc(e));
            }
        }).get();
    }

    /**
     * Go {@code DoXa}: the current branch as an XA transaction on a database this process reaches
     * itself: {@code XA START}, barrier row, {@code fn}, {@code XA END}, {@code XA PREPARE}; the
     * workflow's commit or rollback then finishes it ({@code XA COMMIT} / {@code XA ROLLBACK}).
     * Just before preparing, the branch records "business done" with DTM: an execution resumed
     * after a crash between that record and the action's own record cannot know whether the
     * prepare happened, so it fails the branch and the workflow rolls back.
     */
    public byte[] doXa(DbConf db, DoXaFunc fn) {
        requireBranch("doXa");
        String branchId = currentBranch;
        StepResult result = recordedDo(bb -> {
            if (progresses.containsKey(branchId + "-" + OP_XA_BUSINESS)) {
                return StepResult.of(null, new DtmFailureException(
                        "XA branch " + branchId + " stopped between its work and its prepare; not resumable, rolling back"));
            }
            byte[][] out = {null};
            try {
                XaLocalTransaction.action(bb.toBranchContext(), db, xa -> out[0] = fn.run(xa),
                        () -> registerBranch(null, branchId, OP_XA_BUSINESS, StepResult.SUCCEED));
                return StepResult.of(out[0], null);
            } catch (Exception e) {
                return StepResult.of(null, DtmGrpcErrors.fromGrpc(e));
            }
        });
        // Added after the action, so they stay even when it failed: a rollback of an XA id that was
        // never prepared does nothing.
        WfPhase2Func phase2 = bb -> XaLocalTransaction.phase2(db, bb.toBranchContext());
        succeededOps.add(new Phase2Item(branchId, phase2));
        failedOps.add(new Phase2Item(branchId, phase2));
        return result.get();
    }

    // ---- engine (Go: imp.go) ----

    /** Go {@code process}: prepare, replay or run, phase 2, submit. */
    byte[] process(WfFunc handler, byte[] data) {
        DtmProgressesReply reply;
        try {
            reply = prepareWorkflow(toDtmRequest());
        } catch (RuntimeException e) {
            throw new WorkflowNotPreparedException(gid(), e);
        }
        String status = reply.getTransaction().getStatus();
        if (StepResult.SUCCEED.equals(status)) {
            LOG.infof("gid=%s workflow %s already succeeded", gid(), name);
            return Base64.getDecoder().decode(reply.getTransaction().getResult());
        }
        if (StepResult.FAILED.equals(status)) {
            LOG.infof("gid=%s workflow %s already failed: %s", gid(), name, reply.getTransaction().getRollbackReason());
            throw new DtmFailureException(reply.getTransaction().getRollbackReason());
        }
        initProgress(reply.getProgressesList());
        LOG.infof("gid=%s workflow %s %s", gid(), name,
                progresses.isEmpty() ? "started" : "resumed with " + progresses.size() + " recorded steps");

        byte[] result = null;
        RuntimeException error = null;
        try {
            result = handler.run(this, data);
        } catch (Exception e) {
            error = options.grpcErrorToDtmError.apply(DtmGrpcErrors.fromGrpc(e));
        }
        if (error != null && !DtmGrpcErrors.isFailure(error)) {
            LOG.infof("gid=%s workflow %s stopped with an unknown outcome, DTM will resume it: %s", gid(), name,
                    error.toString());
            throw error;
        }
        processPhase2(error);
        submit(result, error);
        if (error != null) {
            throw error;
        }
        return result == null ? new byte[0] : result;
    }

    private void initProgress(List<DtmProgress> recorded) {
        Map<String, StepResult> map = new HashMap<>();
        for (DtmProgress p : recorded) {
            map.put(p.getBranchID() + "-" + p.getOp(), StepResult.restored(p.getStatus(), p.getBinData().toByteArray()));
        }
        progresses = map;
    }

    /** Go {@code processPhase2}: the commit callbacks after success, the rollback ones after a failure, last first. */
    private void processPhase2(RuntimeException error) {
        List<Phase2Item> ops = error == null ? succeededOps : failedOps;
        currentOp = error == null ? DtmConstants.OP_COMMIT : DtmConstants.OP_ROLLBACK;
        for (int i = ops.size() - 1; i >= 0; i--) {
            Phase2Item op = ops.get(i);
            currentBranch = op.branchId();
            recordedDo(bb -> {
                try {
                    op.fn().run(bb);
                    return StepResult.of(null, null);
                } catch (Exception e) {
                    RuntimeException mapped = DtmGrpcErrors.fromGrpc(e);
                    if (DtmGrpcErrors.isFailure(mapped)) {
                        // Go panics here: a commit or rollback must not refuse. Kept an unknown
                        // outcome, so DTM calls the workflow again until the callback succeeds.
                        mapped = new DtmException("gid=" + gid() + " branch " + op.branchId() + " " + currentOp
                                + " must not fail, will be retried: " + mapped.getMessage(), mapped);
                    }
                    return StepResult.of(null, mapped);
                }
            }).get();
        }
    }

    /** Go {@code recordedDo}: a step, from the record or run and recorded. */
    private StepResult recordedDo(StepFunc fn) {
        StepResult sr = recordedDoInner(fn);
        // Go: a failed branch did nothing, so it needs no rollback unless CompensateErrorBranch.
        if (!options.compensateErrorBranch && StepResult.FAILED.equals(sr.status())) {
            int last = failedOps.size() - 1;
            if (last >= 0 && failedOps.get(last).branchId().equals(currentBranch)) {
                failedOps.remove(last);
            }
        }
        return sr;
    }

    private StepResult recordedDoInner(StepFunc fn) {
        String branchId = currentBranch;
        String op = currentOp;
        if (DtmConstants.OP_ACTION.equals(op)) {
            if (currentActionAdded) {
                throw new IllegalStateException("branch " + branchId + " can have only one action");
            }
            currentActionAdded = true;
        }
        StepResult restored = progresses.get(branchId + "-" + op);
        if (restored != null) {
            LOG.infof("gid=%s workflow %s branch %s %s: %s in DTM's record, not run again", gid(), name, branchId, op,
                    restored.status());
            return restored;
        }
        StepResult r = fn.run(new BranchBarrier(transType(), gid(), branchId, op));
        if (r.recordable()) {
            try {
                registerBranch(r.data(), branchId, op, r.status());
            } catch (RuntimeException e) {
                // Not recorded, so the outcome does not count yet: stop; a resumed execution repeats the step.
                LOG.infof("gid=%s workflow %s branch %s %s %s but could not be recorded: %s", gid(), name, branchId, op,
                        r.status(), e.toString());
                // An unknown outcome, whatever DTM's error says: were it taken for a failure (e.g. by an
                // Options.grpcErrorToDtmError that makes "unreachable" a failure), the rollback would
                // run now, and the resumed workflow would then find the action's barrier row and
                // take the action for done - compensated and done at once.
                return StepResult.of(null, new DtmException("branch " + branchId + " " + op + " " + r.status()
                        + " but DTM did not record it: " + e.getMessage(), e));
            }
        }
        LOG.infof("gid=%s workflow %s branch %s %s: %s", gid(), name, branchId, op,
                r.recordable() ? r.status() : "unknown outcome (" + r.error() + ")");
        return r;
    }

    @FunctionalInterface
    private interface StepFunc {
        StepResult run(BranchBarrier bb);
    }

    /**
     * Go {@code registerBranch} for a workflow: the step's status and result. Unlike Go's client it
     * also sends {@code "sync": "1"}: DTM v1.19.0 with its default {@code UpdateBranchSync: 0}
     * otherwise queues the record as an asynchronous status update, which keeps no result and, on
     * its boltdb store, nothing at all - a resumed workflow would then run every step again.
     */
    private void registerBranch(byte[] result, String branchId, String op, String status) {
        registerBranch(DtmBranchRequest.newBuilder()
                .setGid(gid())
                .setTransType(transType())
                .setBranchID(branchId)
                .setBusiPayload(result == null ? ByteString.EMPTY : ByteString.copyFrom(result))
                .putData("status", status)
                .putData("op", op)
                .putData("sync", "1")
                .build());
    }

    /** Go {@code submit}: the workflow's outcome, which DTM stores as the final status. */
    private void submit(byte[] result, RuntimeException error) {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("status", error == null ? StepResult.SUCCEED : StepResult.FAILED);
        // Go: err.Error() after GrpcError2DtmError - a branch's ABORTED "x" reads "x FAILURE"
        extra.put("rollback_reason", error == null ? "" : DtmGrpcErrors.goDtmErrorText(error));
        extra.put("result", Base64.getEncoder().encodeToString(result == null ? new byte[0] : result));
        DtmRequest request = toDtmRequest().toBuilder().putAllReqExtra(extra).build();
        callDtm("Submit", request);
        LOG.infof("gid=%s workflow %s submitted: %s", gid(), name, extra.get("status"));
    }

    private void requireBranch(String what) {
        if (currentBranch.isEmpty()) {
            throw new IllegalStateException(what + "() needs a branch: call newBranch() first");
        }
    }
}
