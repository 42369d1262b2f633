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
import org.eclipse.microprofile.config.inject.ConfigProperty;
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
    /**
     * The baselines write stock, orders and money with no DTM: off unless turned on (env
     * DTMSHOP_BASELINE_ENABLED=true; scripts/bench.sh does), as in the branch services (their BaselineCalls).
     */
    @ConfigProperty(name = "dtmshop.baseline.enabled", defaultValue = "false")
    boolean enabled;

    @Override
    public void purchaseDirect(PurchaseRequest request, StreamObserver<PurchaseReply> response) {
        try {
            requireEnabled("PurchaseDirect");
            response.onNext(direct.purchase(checkout.checkWithoutDtm(request)));
            response.onCompleted();
        } catch (RuntimeException e) {
            response.onError(toStatus(e));
        }
    }

    @Override
    public void purchaseLocal(PurchaseRequest request, StreamObserver<PurchaseReply> response) {
        try {
            requireEnabled("PurchaseLocal");
            response.onNext(local.purchase(checkout.checkWithoutDtm(request)));
            response.onCompleted();
        } catch (RuntimeException e) {
            response.onError(toStatus(e));
        }
    }

    private void requireEnabled(String rpc) {
        if (!enabled) {
            throw Status.PERMISSION_DENIED.withDescription(rpc + " is a benchmark baseline, off here "
                    + "(dtmshop.baseline.enabled=false): it would move stock and money without DTM").asRuntimeException();
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
