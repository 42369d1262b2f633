package io.dtmshop.dtm;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.dtmshop.dtm.grpc.gen.DtmBranchRequest;
import io.dtmshop.dtm.grpc.gen.DtmProgressesReply;
import io.dtmshop.dtm.grpc.gen.DtmRequest;
import io.dtmshop.dtm.grpc.gen.DtmTransOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What every global transaction carries (Go: {@code dtmimp.TransBase} with its
 * {@code TransOptions}) and how it becomes a {@link DtmRequest} (Go: {@code dtmgimp.GetDtmRequest}).
 * Not thread-safe: build and submit a transaction on one thread.
 *
 * @param <T> the concrete type, for fluent setters
 */
public abstract class TransBase<T extends TransBase<T>> {

    protected final DtmGrpcClient dtm;
    private final String gid;
    private final String transType;

    private boolean waitResult;
    private long timeoutToFail;
    private long retryInterval;
    private long requestTimeout;
    private long retryLimit;
    private final Map<String, String> branchHeaders = new LinkedHashMap<>();

    /** Steps, each {@code {"action":..}} or {@code {"action":..,"compensate":..}}. */
    final List<Map<String, String>> steps = new ArrayList<>();
    /** One serialized request per step. */
    final List<ByteString> binPayloads = new ArrayList<>();
    String customData = "";
    String queryPrepared = "";
    String rollbackReason = "";
    /** Set once a request carrying the gid may have reached DTM (see {@link #mayBeKnownToDtm()}). */
    private boolean mayBeKnownToDtm;

    protected TransBase(DtmGrpcClient dtm, String gid, String transType) {
        this.dtm = Objects.requireNonNull(dtm, "dtm");
        if (gid == null || gid.isBlank()) {
            throw new IllegalArgumentException("gid must not be empty");
        }
        this.gid = gid;
        this.transType = transType;
    }

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }

    public String gid() {
        return gid;
    }

    public String transType() {
        return transType;
    }

    /** Go {@code WaitResult}: DTM answers submit only after it ran the transaction (or gave up waiting). */
    public T waitResult(boolean waitResult) {
        this.waitResult = waitResult;
        return self();
    }

    public boolean waitResult() {
        return waitResult;
    }

    /** Go {@code TimeoutToFail}, seconds; 0 = DTM's default. For a SAGA: roll back once it is exceeded. */
    public T timeoutToFail(long seconds) {
        this.timeoutToFail = requireNotNegative(seconds, "timeoutToFail");
        return self();
    }

    public long timeoutToFail() {
        return timeoutToFail;
    }

    /** Go {@code RetryInterval}, seconds; 0 = DTM's default. */
    public T retryInterval(long seconds) {
        this.retryInterval = requireNotNegative(seconds, "retryInterval");
        return self();
    }

    public long retryInterval() {
        return retryInterval;
    }

    /** Go {@code WithGlobalTransRequestTimeout}: DTM's deadline for each branch call, seconds; 0 = default. */
    public T requestTimeout(long seconds) {
        this.requestTimeout = requireNotNegative(seconds, "requestTimeout");
        return self();
    }

    public long requestTimeout() {
        return requestTimeout;
    }

    /** Go {@code WithRetryLimit}: SAGA only; roll back after this many retries of actions; 0 = no limit. */
    public T retryLimit(long retryLimit) {
        this.retryLimit = requireNotNegative(retryLimit, "retryLimit");
        return self();
    }

    public long retryLimit() {
        return retryLimit;
    }

    /** Go {@code WithBranchHeaders}: extra gRPC metadata DTM sends with every branch call (replaces any set). */
    public T branchHeaders(Map<String, String> headers) {
        branchHeaders.clear();
        if (headers != null) {
            headers.forEach(this::branchHeader);
        }
        return self();
    }

    /** Adds one branch header. */
    public T branchHeader(String name, String value) {
        branchHeaders.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return self();
    }

    public Map<String, String> branchHeaders() {
        return Collections.unmodifiableMap(branchHeaders);
    }

    /**
     * The headers this transaction's own branch calls carry (TCC Try, XA action, workflow step, a
     * message's back-check - and its local step, which the caller makes:
     * {@link MsgGrpc#attach}): its branch headers and, when the client
     * signs transactions ({@link DtmGrpcClient#withBranchToken}), the {@link BranchToken}. DTM's own
     * branch calls carry the same (and the client's context headers).
     */
    public Map<String, String> callHeaders() {
        BranchToken token = dtm.branchToken();
        if (token == null) {
            return branchHeaders();
        }
        Map<String, String> headers = new LinkedHashMap<>(branchHeaders);
        headers.put(BranchToken.HEADER, token.sign(transType, gid));
        return Collections.unmodifiableMap(headers);
    }

    /** Sets the transaction's custom data (JSON DTM reads per mode: saga options, message delay, workflow name and data). */
    protected final void customData(String json) {
        this.customData = json == null ? "" : json;
    }

    /** Sets the URL DTM calls back: a message's back-check, a workflow's Execute. */
    protected final void queryPrepared(String url) {
        this.queryPrepared = url == null ? "" : url;
    }

    /** The URL DTM calls to learn whether a prepared message's local transaction committed. */
    public String queryPrepared() {
        return queryPrepared;
    }

    /**
     * The request as it stands now (Go {@code GetDtmRequest}); submit() first adds its custom data.
     * The branch headers are the client's context headers ({@link DtmGrpcClient#withContextBranchHeaders})
     * overlaid with this transaction's own.
     */
    public DtmRequest toDtmRequest() {
        DtmTransOptions options = DtmTransOptions.newBuilder()
                .setWaitResult(waitResult)
                .setTimeoutToFail(timeoutToFail)
                .setRetryInterval(retryInterval)
                .putAllBranchHeaders(dtm.contextBranchHeaders())
                .putAllBranchHeaders(callHeaders())
                .setRequestTimeout(requestTimeout)
                .setRetryLimit(retryLimit)
                .build();
        return DtmRequest.newBuilder()
                .setGid(gid)
                .setTransType(transType)
                .setTransOptions(options)
                .setQueryPrepared(queryPrepared)
                .setCustomedData(customData)
                .addAllBinPayloads(binPayloads)
                // Go marshals a nil step slice as "null"; DTM reads both the same
                .setSteps(steps.isEmpty() ? "null" : Json.write(steps))
                .setRollbackReason(rollbackReason)
                .build();
    }

    /**
     * True once a request of this transaction may have reached DTM - it was answered, or it left this
     * process and its answer was lost. While false, DTM holds nothing for the gid: a caller may then
     * report "nothing was started" (see {@link DtmNotSentException#nothingStarted()}).
     */
    public boolean mayBeKnownToDtm() {
        return mayBeKnownToDtm;
    }

    /** Go {@code DtmGrpcCall(&t.TransBase, operation)}: Prepare, Submit or Abort of this transaction as it stands. */
    protected final void callDtm(String operation) {
        callDtm(operation, toDtmRequest());
    }

    /** Sends {@code request} (built from this transaction) as {@code operation}, keeping track of what DTM may know. */
    protected final void callDtm(String operation, DtmRequest request) {
        tracked(() -> {
            dtm.callDtm(operation, request, !mayBeKnownToDtm);
            return null;
        });
    }

    /** {@link DtmGrpcClient#prepareWorkflow} for this transaction, keeping track of what DTM may know. */
    protected final DtmProgressesReply prepareWorkflow(DtmRequest request) {
        return tracked(() -> dtm.prepareWorkflow(request, !mayBeKnownToDtm));
    }

    /** {@link DtmGrpcClient#registerBranch} for a branch of this transaction. */
    protected final void registerBranch(DtmBranchRequest request) {
        tracked(() -> {
            dtm.registerBranch(request);
            return null;
        });
    }

    private <R> R tracked(java.util.function.Supplier<R> request) {
        try {
            R reply = request.get();
            mayBeKnownToDtm = true;
            return reply;
        } catch (DtmNotSentException e) {
            throw e;
        } catch (RuntimeException e) {
            mayBeKnownToDtm = true;
            throw e;
        }
    }

    /** Adds one step (Go: append to Steps and BinPayloads); a null payload is sent as empty bytes. */
    final void addStep(Map<String, String> step, Message payload) {
        steps.add(step);
        binPayloads.add(payload == null ? ByteString.EMPTY : payload.toByteString());
    }

    /** Number of steps added so far. */
    public int stepCount() {
        return steps.size();
    }

    private static long requireNotNegative(long v, String name) {
        if (v < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + v);
        }
        return v;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[gid=" + gid + ", steps=" + steps + "]";
    }
}
