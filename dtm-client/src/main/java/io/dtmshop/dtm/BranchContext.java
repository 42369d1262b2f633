package io.dtmshop.dtm;

import io.grpc.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The branch a gRPC call belongs to, as DTM sends it in the {@code dtm-*} metadata
 * (Go: {@code dtmgimp.TransBaseFromGrpc}).
 *
 * @param gid global transaction id ({@code dtm-gid})
 * @param transType {@code "saga"}, {@code "msg"}, ... ({@code dtm-trans_type})
 * @param branchId {@code "01"}, {@code "02"}, ...; {@code "00"} for a message's local step and
 *        query-prepared ({@code dtm-branch_id})
 * @param op {@code "action"}, {@code "compensate"}, {@code "msg"}, ... ({@code dtm-op})
 * @param dtm the DTM server address as the caller knows it; DTM itself sends an empty value
 *        ({@code dtm-dtm})
 * @param phase2Url XA only: the URL DTM is to call for phase 2, sent by the caller of the branch
 *        with op "action" ({@code dtm-phase2_url}); empty otherwise
 */
public record BranchContext(String gid, String transType, String branchId, String op, String dtm, String phase2Url) {

    /**
     * The trace attribute (and MDC key {@code gid}) that ties spans and log lines of every process
     * to one global transaction: search a tracing UI for {@code dtm.gid=<gid>}.
     */
    public static final String GID_ATTRIBUTE = "dtm.gid";

    /** Where {@link DtmBranchServerInterceptor} puts the branch of the current call. */
    public static final Context.Key<BranchContext> CONTEXT_KEY = Context.key("dtm-branch-context");

    public BranchContext {
        gid = gid == null ? "" : gid;
        transType = transType == null ? "" : transType;
        branchId = branchId == null ? "" : branchId;
        op = op == null ? "" : op;
        dtm = dtm == null ? "" : dtm;
        phase2Url = phase2Url == null ? "" : phase2Url;
    }

    /** A branch of any mode but an XA action (no phase-2 URL). */
    public BranchContext(String gid, String transType, String branchId, String op, String dtm) {
        this(gid, transType, branchId, op, dtm, "");
    }

    /**
     * The branch of the gRPC call being served on this thread, or {@code null} when the call
     * carried no {@code dtm-gid} (or the interceptor is not installed).
     */
    public static BranchContext current() {
        return CONTEXT_KEY.get();
    }

    /** True when all four ids a barrier needs are present. */
    public boolean isComplete() {
        return !gid.isEmpty() && !transType.isEmpty() && !branchId.isEmpty() && !op.isEmpty();
    }

    /**
     * The branch as trace attributes: {@code dtm.gid}, {@code dtm.trans_type}, {@code dtm.branch_id},
     * {@code dtm.op} (the empty ones left out), in that order.
     */
    public Map<String, String> traceAttributes() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(GID_ATTRIBUTE, gid);
        attributes.put("dtm.trans_type", transType);
        attributes.put("dtm.branch_id", branchId);
        attributes.put("dtm.op", op);
        attributes.values().removeIf(String::isEmpty);
        return attributes;
    }

    @Override
    public String toString() {
        return "gid=" + gid + " trans_type=" + transType + " branch_id=" + branchId + " op=" + op;
    }
}
