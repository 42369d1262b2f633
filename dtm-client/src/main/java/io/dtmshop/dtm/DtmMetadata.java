package io.dtmshop.dtm;

import io.dtmshop.dtm.barrier.BranchBarrier;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.util.Map;

/**
 * The {@code dtm-*} gRPC metadata DTM attaches to every branch call (Go:
 * {@code dtmgimp.TransInfo2Ctx} / {@code TransBaseFromGrpc}): {@code dtm-gid},
 * {@code dtm-trans_type}, {@code dtm-branch_id}, {@code dtm-op}, {@code dtm-dtm}; and on an XA
 * action {@code dtm-phase2_url}, which its caller adds (Go: {@code dtmgimp.InvokeBranch}).
 */
public final class DtmMetadata {

    public static final String PREFIX = "dtm-";
    public static final Metadata.Key<String> GID = key("gid");
    public static final Metadata.Key<String> TRANS_TYPE = key("trans_type");
    public static final Metadata.Key<String> BRANCH_ID = key("branch_id");
    public static final Metadata.Key<String> OP = key("op");
    public static final Metadata.Key<String> DTM = key("dtm");
    public static final Metadata.Key<String> PHASE2_URL = key("phase2_url");

    private DtmMetadata() {
    }

    private static Metadata.Key<String> key(String name) {
        return Metadata.Key.of(PREFIX + name, Metadata.ASCII_STRING_MARSHALLER);
    }

    /** The branch named by the metadata, or {@code null} when there is no (non-empty) {@code dtm-gid}. */
    public static BranchContext fromMetadata(Metadata headers) {
        if (headers == null) {
            return null;
        }
        String gid = headers.get(GID);
        if (gid == null || gid.isEmpty()) {
            return null;
        }
        return new BranchContext(gid, headers.get(TRANS_TYPE), headers.get(BRANCH_ID), headers.get(OP),
                headers.get(DTM), headers.get(PHASE2_URL));
    }

    /**
     * The five {@code dtm-*} entries (six with an XA action's phase-2 URL) for a branch, as Go's
     * {@code TransInfo2Ctx} sends them: {@code dtm-dtm} too, empty when the branch names no DTM
     * address (DTM itself sends it empty).
     */
    public static Metadata toMetadata(BranchContext branch) {
        Metadata md = new Metadata();
        md.put(GID, branch.gid());
        md.put(TRANS_TYPE, branch.transType());
        md.put(BRANCH_ID, branch.branchId());
        md.put(OP, branch.op());
        md.put(DTM, branch.dtm());
        if (!branch.phase2Url().isEmpty()) {
            md.put(PHASE2_URL, branch.phase2Url());
        }
        return md;
    }

    /**
     * A client interceptor that sends the branch's {@code dtm-*} metadata with a call, e.g. when a
     * message's local step is done by another service:
     * {@code stub.withInterceptors(DtmMetadata.attach(bb)).deductStock(req)}.
     */
    public static ClientInterceptor attach(BranchContext branch) {
        return MetadataUtils.newAttachHeadersInterceptor(toMetadata(branch));
    }

    /** {@link #attach(BranchContext)} for the branch a barrier belongs to. */
    public static ClientInterceptor attach(BranchBarrier barrier) {
        return attach(barrier.toBranchContext());
    }

    /**
     * {@link #attach(BranchBarrier)} with extra headers (e.g. a {@link BranchToken}). For a message's
     * local step prefer {@link MsgGrpc#attach(BranchBarrier)}, which also sends the DTM address.
     */
    public static ClientInterceptor attach(BranchBarrier barrier, Map<String, String> headers) {
        return attach(barrier.toBranchContext(), headers);
    }

    /** {@link #attach(BranchContext)} with extra headers (e.g. a {@link BranchToken}). */
    public static ClientInterceptor attach(BranchContext branch, Map<String, String> headers) {
        Metadata md = toMetadata(branch);
        headers.forEach((name, value) -> md.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value));
        return MetadataUtils.newAttachHeadersInterceptor(md);
    }
}
