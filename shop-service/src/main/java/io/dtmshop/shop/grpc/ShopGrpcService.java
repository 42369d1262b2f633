package io.dtmshop.shop.grpc;

import io.dtmshop.dtm.BranchContext;
import io.dtmshop.dtm.GidContext;
import io.dtmshop.proto.shop.v1.PurchaseReply;
import io.dtmshop.proto.shop.v1.PurchaseRequest;
import io.dtmshop.proto.shop.v1.ShopServiceGrpc;
import io.dtmshop.shop.idempotency.PurchaseKeys;
import io.dtmshop.shop.metrics.PurchaseMetrics;
import io.dtmshop.shop.purchase.Checkout;
import io.dtmshop.shop.purchase.MixedWorkflowPurchase;
import io.dtmshop.shop.purchase.MsgPurchase;
import io.dtmshop.shop.purchase.PurchaseOrder;
import io.dtmshop.shop.purchase.SagaPurchase;
import io.dtmshop.shop.purchase.SagaWorkflowPurchase;
import io.dtmshop.shop.purchase.TccPurchase;
import io.dtmshop.shop.purchase.TccWorkflowPurchase;
import io.dtmshop.shop.purchase.XaPurchase;
import io.dtmshop.shop.purchase.XaWorkflowPurchase;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.api.trace.Span;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.function.Function;

/** The shop's gRPC face: check the purchase, then run it in the mode the caller chose. */
@GrpcService
@Blocking
public class ShopGrpcService extends ShopServiceGrpc.ShopServiceImplBase {

    private static final Logger LOG = Logger.getLogger(ShopGrpcService.class);
    static final String MODE_ATTRIBUTE = "dtmshop.mode";

    @Inject
    Checkout checkout;
    @Inject
    PurchaseKeys keys;
    @Inject
    PurchaseMetrics metrics;
    @Inject
    SagaPurchase saga;
    @Inject
    MsgPurchase msg;
    @Inject
    TccPurchase tcc;
    @Inject
    XaPurchase xa;
    @Inject
    SagaWorkflowPurchase workflowSaga;
    @Inject
    TccWorkflowPurchase workflowTcc;
    @Inject
    XaWorkflowPurchase workflowXa;
    @Inject
    MixedWorkflowPurchase workflowMixed;

    @Override
    public void purchaseSaga(PurchaseRequest request, StreamObserver<PurchaseReply> response) {
        run(request, response, SagaPurchase.MODE, saga::purchase);
    }

    @Override
    public void purchaseMsg(PurchaseRequest request, StreamObserver<PurchaseReply> response) {
        run(request, response, MsgPurchase.MODE, msg::purchase);
    }

    @Override
    public void purchaseTcc(PurchaseRequest request, StreamObserver<PurchaseReply> response) {
        run(request, response, TccPurchase.MODE, tcc::purchase);
    }

    @Override
    public void purchaseXa(PurchaseRequest request, StreamObserver<PurchaseReply> response) {
        run(request, response, XaPurchase.MODE, xa::purchase);
    }

    @Override
    public void purchaseWorkflowSaga(PurchaseRequest request, StreamObserver<PurchaseReply> response) {
        run(request, response, SagaWorkflowPurchase.MODE, workflowSaga::purchase);
    }

    @Override
    public void purchaseWorkflowTcc(PurchaseRequest request, StreamObserver<PurchaseReply> response) {
        run(request, response, TccWorkflowPurchase.MODE, workflowTcc::purchase);
    }

    @Override
    public void purchaseWorkflowXa(PurchaseRequest request, StreamObserver<PurchaseReply> response) {
        run(request, response, XaWorkflowPurchase.MODE, workflowXa::purchase);
    }

    @Override
    public void purchaseWorkflowMixed(PurchaseRequest request, StreamObserver<PurchaseReply> response) {
        run(request, response, MixedWorkflowPurchase.MODE, workflowMixed::purchase);
    }

    private void run(PurchaseRequest request, StreamObserver<PurchaseReply> response, String mode,
                     Function<PurchaseOrder, PurchaseReply> purchase) {
        try {
            response.onNext(request.getIdempotencyKey().isEmpty()
                    ? observed(checkout.check(request), mode, purchase)
                    : withKey(request, mode, purchase));
            response.onCompleted();
        } catch (StatusRuntimeException e) {
            response.onError(e);
        } catch (RuntimeException e) {
            LOG.error("purchase failed unexpectedly", e);
            response.onError(Status.INTERNAL.withDescription(e.getMessage()).asRuntimeException());
        }
    }

    /**
     * A purchase with an idempotency key (see {@link PurchaseKeys}): the first request with the key
     * runs it, a repeated one gets its answer. A purchase refused before anything started (every
     * error this method throws means that, see shop.proto) gives the key back for another try.
     */
    private PurchaseReply withKey(PurchaseRequest request, String mode, Function<PurchaseOrder, PurchaseReply> purchase) {
        String gid = request.getGid().isEmpty() ? checkout.newGid() : request.getGid();
        PurchaseKeys.Claim claim = keys.claim(mode, request, gid);
        if (claim instanceof PurchaseKeys.Replay replay) {
            GidContext.callWith(replay.reply().getGid(), () -> {
                LOG.infof("gid=%s %s repeated with its Idempotency-Key: answered %s", replay.reply().getGid(), mode,
                        replay.reply().getStatus());
                return null;
            });
            return replay.reply();
        }
        PurchaseKeys.Fresh fresh = (PurchaseKeys.Fresh) claim;
        PurchaseReply reply;
        try {
            reply = observed(checkout.check(request.toBuilder().setGid(fresh.gid()).build()), mode, purchase);
        } catch (StatusRuntimeException e) {
            keys.release(fresh);
            throw e;
        }
        keys.settle(fresh, reply);
        return reply;
    }

    /**
     * The one place a purchase gets its observability, whatever the mode: the gid on this call's
     * trace span ({@code dtm.gid}) and in the log context ({@code gid} on every log line of the purchase, see GidLogFilter),
     * and the per-mode metrics. Only a purchase that passed the checkout has a gid and counts.
     */
    private PurchaseReply observed(PurchaseOrder order, String mode, Function<PurchaseOrder, PurchaseReply> purchase) {
        Span span = Span.current();
        span.setAttribute(BranchContext.GID_ATTRIBUTE, order.gid());
        span.setAttribute(MODE_ATTRIBUTE, mode);
        return GidContext.callWith(order.gid(), () -> metrics.record(mode, () -> purchase.apply(order)));
    }
}
