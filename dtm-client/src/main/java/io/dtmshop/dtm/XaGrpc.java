package io.dtmshop.dtm;

import com.google.protobuf.Message;
import org.jboss.logging.Logger;

/**
 * An XA global transaction over DTM's gRPC API (Go: {@code dtmgrpc.XaGrpc}). Get one from
 * {@link DtmGrpcClient#xaGlobalTransaction}: prepared in DTM before your function runs, submitted
 * when it returns (DTM then commits every branch), aborted when it throws (DTM rolls them back).
 *
 * <p>{@link #callBranch} calls a branch with op "action" and its own URL as
 * {@code dtm-phase2_url}. The branch ({@link DtmGrpcClient#xaLocalTransaction}) does its work in a
 * database XA transaction, registers itself with DTM under that URL and prepares; DTM later calls
 * the same URL with op "commit" or "rollback". Branch ids are {@code "01"}, {@code "02"}, ...
 */
public final class XaGrpc extends TransBase<XaGrpc> {

    private static final Logger LOG = Logger.getLogger(XaGrpc.class);

    private final SubBranchIds branchIds = new SubBranchIds();

    XaGrpc(DtmGrpcClient dtm, String gid) {
        super(dtm, gid, DtmConstants.TRANS_TYPE_XA);
    }

    /**
     * Go {@code CallBranch}: calls {@code url} with op "action".
     *
     * @return the branch's serialized reply
     * @throws DtmFailureException the branch answered ABORTED: it refused and prepared nothing
     * @throws RuntimeException any other error, as gRPC gave it
     */
    public byte[] callBranch(Message request, String url) {
        return actionBranch(request, url);
    }

    /**
     * Go {@code CallBranch(req, url, reply)}: {@link #callBranch(Message, String)} with the reply read
     * as the caller's type.
     *
     * @param reply any message of the branch's reply type, e.g. {@code StockReply.getDefaultInstance()}
     * @return the branch's reply
     * @throws io.grpc.StatusRuntimeException INTERNAL when the reply is no such message (the branch ran)
     */
    public <R extends Message> R callBranch(Message request, String url, R reply) {
        return BranchInvoker.parseReply(actionBranch(request, url), reply, url);
    }

    private byte[] actionBranch(Message request, String url) {
        String branchId = branchIds.next();
        BranchContext branch = new BranchContext(gid(), transType(), branchId, DtmConstants.OP_ACTION,
                dtm.dtmServer(), url);
        LOG.debugf("gid=%s xa branch %s: %s", gid(), branchId, url);
        try {
            return dtm.branchInvoker().invoke(url, request.toByteArray(), branch, callHeaders());
        } catch (RuntimeException e) {
            throw DtmGrpcErrors.withBranch(e, url);
        }
    }
}
