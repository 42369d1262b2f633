package io.dtmshop.dtm;

import com.google.protobuf.Message;
import io.dtmshop.dtm.grpc.gen.DtmBranchRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * A TCC global transaction over DTM's gRPC API (Go: {@code dtmgrpc.TccGrpc}). Get one from
 * {@link DtmGrpcClient#tccGlobalTransaction}: the transaction is prepared in DTM before your
 * function runs, submitted when it returns and aborted when it throws.
 *
 * <p>Each {@link #callBranch} first registers the branch's Confirm and Cancel URLs (and its
 * payload) with DTM, then calls Try itself. So DTM knows how to undo a Try before the Try runs:
 * should the caller die half-way, DTM cancels every registered branch once the transaction times
 * out. Branch ids are {@code "01"}, {@code "02"}, ... in call order.
 */
public final class TccGrpc extends TransBase<TccGrpc> {

    private static final Logger LOG = Logger.getLogger(TccGrpc.class);

    private final SubBranchIds branchIds = new SubBranchIds();

    TccGrpc(DtmGrpcClient dtm, String gid) {
        super(dtm, gid, DtmConstants.TRANS_TYPE_TCC);
    }

    /**
     * Go {@code CallBranch}: registers the branch with DTM (op confirm/cancel URLs, payload), then
     * calls {@code tryUrl} with op "try".
     *
     * @return the Try's serialized reply
     * @throws DtmFailureException the Try answered ABORTED (a business refusal), or DTM refused the
     *         registration (the transaction is no longer prepared, e.g. it timed out)
     * @throws RuntimeException any other error of the registration or the Try, as gRPC gave it
     */
    public byte[] callBranch(Message request, String tryUrl, String confirmUrl, String cancelUrl) {
        return tryBranch(request, tryUrl, confirmUrl, cancelUrl);
    }

    /**
     * Go {@code CallBranch(req, try, confirm, cancel, reply)}: {@link #callBranch(Message, String,
     * String, String)} with the Try's reply read as the caller's type.
     *
     * @param reply any message of the Try's reply type, e.g. {@code StockReply.getDefaultInstance()}
     * @return the Try's reply
     * @throws io.grpc.StatusRuntimeException INTERNAL when the reply is no such message (the Try ran)
     */
    public <R extends Message> R callBranch(Message request, String tryUrl, String confirmUrl, String cancelUrl,
            R reply) {
        return BranchInvoker.parseReply(tryBranch(request, tryUrl, confirmUrl, cancelUrl), reply, tryUrl);
    }

    private byte[] tryBranch(Message request, String tryUrl, String confirmUrl, String cancelUrl) {
        String branchId = branchIds.next();
        Map<String, String> data = new LinkedHashMap<>();
        data.put(DtmConstants.OP_CONFIRM, confirmUrl);
        data.put(DtmConstants.OP_CANCEL, cancelUrl);
        registerBranch(DtmBranchRequest.newBuilder()
                .setGid(gid())
                .setTransType(transType())
                .setBranchID(branchId)
                .setBusiPayload(request.toByteString())
                .putAllData(data)
                .build());
        LOG.debugf("gid=%s tcc branch %s registered, calling try %s", gid(), branchId, tryUrl);
        BranchContext branch = new BranchContext(gid(), transType(), branchId, DtmConstants.OP_TRY, dtm.dtmServer());
        try {
            return dtm.branchInvoker().invoke(tryUrl, request.toByteArray(), branch, callHeaders());
        } catch (RuntimeException e) {
            throw DtmGrpcErrors.withBranch(e, tryUrl);
        }
    }
}
