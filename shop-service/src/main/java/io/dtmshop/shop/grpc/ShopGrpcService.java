package io.dtmshop.shop.grpc;

import io.dtmshop.proto.shop.v1.PurchaseReply;
import io.dtmshop.proto.shop.v1.PurchaseRequest;
import io.dtmshop.proto.shop.v1.ShopServiceGrpc;
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

    @Inject
    Checkout checkout;
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
        run(request, response, saga::purchase);
    }

    @Override
    public void purchaseMsg(PurchaseRequest request, StreamObserver<PurchaseReply> response) {
        run(request, response, msg::purchase);
    }

    @Override
    public void purchaseTcc(PurchaseRequest request, StreamObserver<PurchaseReply> response) {
        run(request, response, tcc::purchase);
    }

    @Override
    public void purchaseXa(PurchaseRequest request, StreamObserver<PurchaseReply> response) {
        run(request, response, xa::purchase);
    }

    @Override
    public void purchaseWorkflowSaga(PurchaseRequest request, StreamObserver<PurchaseReply> response) {
        run(request, response, workflowSaga::purchase);
    }

    @Override
    public void purchaseWorkflowTcc(PurchaseRequest request, StreamObserver<PurchaseReply> response) {
        run(request, response, workflowTcc::purchase);
    }

    @Override
    public void purchaseWorkflowXa(PurchaseRequest request, StreamObserver<PurchaseReply> response) {
        run(request, response, workflowXa::purchase);
    }

    @Override
    public void purchaseWorkflowMixed(PurchaseRequest request, StreamObserver<PurchaseReply> response) {
        run(request, response, workflowMixed::purchase);
    }

    private void run(PurchaseRequest request, StreamObserver<PurchaseReply> response,
                     Function<PurchaseOrder, PurchaseReply> mode) {
        try {
            response.onNext(mode.apply(checkout.check(request)));
            response.onCompleted();
        } catch (StatusRuntimeException e) {
            response.onError(e);
        } catch (RuntimeException e) {
            LOG.error("purchase failed unexpectedly", e);
            response.onError(Status.INTERNAL.withDescription(e.getMessage()).asRuntimeException());
        }
    }
}
