package io.dtmshop.dtm;

import com.google.protobuf.Empty;
import io.dtmshop.dtm.grpc.gen.DtmGrpc;
import io.dtmshop.dtm.grpc.gen.DtmRequest;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Entry point: DTM's gRPC server ({@code /dtmgimp.Dtm/*}) plus the way to call branches.
 * Go's dtmgrpc takes the DTM address in every constructor ({@code NewSagaGrpc(server, gid)});
 * here the channel is given once. Calls block: do not use them on an event-loop thread.
 *
 * <pre>{@code
 * DtmGrpcClient dtm = new DtmGrpcClient(dtmChannel, new ChannelBranchInvoker(channels::forService));
 * String gid = dtm.newGid();
 * dtm.newSaga(gid)
 *    .add("discovery:///stock-service/stock.v1.StockService/DeductStock",
 *         "discovery:///stock-service/stock.v1.StockService/RefundStock", stockReq)
 *    .waitResult(true)
 *    .submit();
 * }</pre>
 */
public final class DtmGrpcClient {

    private static final Logger LOG = Logger.getLogger(DtmGrpcClient.class);

    private final Channel dtmChannel;
    private final BranchInvoker branchInvoker;
    private final String dtmServer;
    private final Duration deadline;

    /**
     * @param dtmChannel channel to DTM's gRPC port (36790)
     * @param branchInvoker how to call a branch URL (needed by {@link MsgGrpc#doAndSubmit})
     */
    public DtmGrpcClient(Channel dtmChannel, BranchInvoker branchInvoker) {
        this(dtmChannel, branchInvoker, "", null);
    }

    private DtmGrpcClient(Channel dtmChannel, BranchInvoker branchInvoker, String dtmServer, Duration deadline) {
        this.dtmChannel = Objects.requireNonNull(dtmChannel, "dtmChannel");
        this.branchInvoker = Objects.requireNonNull(branchInvoker, "branchInvoker");
        this.dtmServer = dtmServer == null ? "" : dtmServer;
        this.deadline = deadline;
    }

    /**
     * A copy whose calls to DTM have this deadline (none by default). A waiting submit lasts up to
     * DTM's RequestTimeout + 2 s, so keep it above that.
     */
    public DtmGrpcClient withDeadline(Duration deadline) {
        return new DtmGrpcClient(dtmChannel, branchInvoker, dtmServer, deadline);
    }

    /** A copy that sends this DTM address as {@code dtm-dtm} on the branch calls it makes itself. */
    public DtmGrpcClient withDtmServer(String dtmServer) {
        return new DtmGrpcClient(dtmChannel, branchInvoker, dtmServer, deadline);
    }

    public BranchInvoker branchInvoker() {
        return branchInvoker;
    }

    public String dtmServer() {
        return dtmServer;
    }

    /** Go {@code MustGenGid}: a new global transaction id from DTM ({@code NewGid}). */
    public String newGid() {
        try {
            return stub().newGid(Empty.getDefaultInstance()).getGid();
        } catch (StatusRuntimeException e) {
            throw DtmGrpcErrors.fromGrpc(e);
        }
    }

    /** Go {@code NewSagaGrpc(server, gid)}. */
    public SagaGrpc newSaga(String gid) {
        return new SagaGrpc(this, gid);
    }

    /** Go {@code NewMsgGrpc(server, gid)}. */
    public MsgGrpc newMsg(String gid) {
        return new MsgGrpc(this, gid);
    }

    /**
     * Go {@code DtmGrpcCall}: one of Submit, Prepare, Abort; DTM's error converted by
     * {@link DtmGrpcErrors#fromGrpc}.
     */
    void callDtm(String operation, DtmRequest request) {
        DtmGrpc.DtmBlockingStub stub = stub();
        try {
            switch (operation) {
                case "Submit" -> stub.submit(request);
                case "Prepare" -> stub.prepare(request);
                case "Abort" -> stub.abort(request);
                default -> throw new IllegalArgumentException("unknown DTM operation " + operation);
            }
        } catch (StatusRuntimeException e) {
            RuntimeException mapped = DtmGrpcErrors.fromGrpc(e);
            LOG.infof("gid=%s %s %s answered %s: %s", request.getGid(), request.getTransType(), operation,
                    e.getStatus().getCode(), e.getStatus().getDescription());
            throw mapped;
        }
        LOG.debugf("gid=%s %s %s ok", request.getGid(), request.getTransType(), operation);
    }

    private DtmGrpc.DtmBlockingStub stub() {
        DtmGrpc.DtmBlockingStub stub = DtmGrpc.newBlockingStub(dtmChannel);
        if (deadline != null) {
            stub = stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
        }
        return stub;
    }
}
