package io.dtmshop.shop.grpc;

import io.dtmshop.proto.shop.v1.PurchaseReply;
import io.dtmshop.proto.shop.v1.PurchaseRequest;
import io.dtmshop.proto.shop.v1.ShopBaselineGrpc;
import io.dtmshop.shop.purchase.Checkout;
import io.dtmshop.shop.purchase.DirectPurchase;
import io.dtmshop.shop.purchase.LocalPurchase;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * shop.v1.ShopBaseline: the two benchmark yardsticks, checked like a purchase (same lookups and
 * errors) but without DTM. See {@link DirectPurchase} and {@link LocalPurchase}.
 */
@GrpcService
@Blocking
public class ShopBaselineGrpcService extends ShopBaselineGrpc.ShopBaselineImplBase {

    private static final Logger LOG = Logger.getLogger(ShopBaselineGrpcService.class);

    @Inject
    Checkout checkout;
    @Inject
    DirectPurchase direct;
    @Inject
    LocalPurchase local;

    @Override
    public void purchaseDirect(PurchaseRequest request, StreamObserver<PurchaseReply> response) {
        try {
            response.onNext(direct.purchase(checkout.checkWithoutDtm(request)));
            response.onCompleted();
        } catch (RuntimeException e) {
            response.onError(toStatus(e));
        }
    }

    @Override
    public void purchaseLocal(PurchaseRequest request, StreamObserver<PurchaseReply> response) {
        try {
            response.onNext(local.purchase(checkout.checkWithoutDtm(request)));
            response.onCompleted();
        } catch (RuntimeException e) {
            response.onError(toStatus(e));
        }
    }

    private static StatusRuntimeException toStatus(RuntimeException e) {
        if (e instanceof StatusRuntimeException status) {
            return status;
        }
        LOG.error("baseline purchase failed unexpectedly", e);
        return Status.INTERNAL.withDescription(e.getMessage()).asRuntimeException();
    }
}
