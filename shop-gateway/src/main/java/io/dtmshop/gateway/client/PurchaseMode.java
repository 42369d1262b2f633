package io.dtmshop.gateway.client;

import com.google.common.util.concurrent.ListenableFuture;
import io.dtmshop.proto.shop.v1.PurchaseReply;
import io.dtmshop.proto.shop.v1.PurchaseRequest;
import io.dtmshop.proto.shop.v1.ShopServiceGrpc.ShopServiceFutureStub;

import java.util.function.BiFunction;

/**
 * The DTM modes a purchase can run under, each with the shop-service call that runs it.
 * A new mode is one constant here and one method in the REST resource.
 */
public enum PurchaseMode {

    SAGA(ShopServiceFutureStub::purchaseSaga),
    /** Two-phase message: DTM's "msg" transaction type. */
    MSG(ShopServiceFutureStub::purchaseMsg),
    TCC(ShopServiceFutureStub::purchaseTcc),
    XA(ShopServiceFutureStub::purchaseXa),
    WORKFLOW_SAGA(ShopServiceFutureStub::purchaseWorkflowSaga),
    WORKFLOW_TCC(ShopServiceFutureStub::purchaseWorkflowTcc),
    WORKFLOW_XA(ShopServiceFutureStub::purchaseWorkflowXa),
    /** Stock as a saga branch, order as an XA branch, payment as a TCC branch, in one workflow. */
    WORKFLOW_MIXED(ShopServiceFutureStub::purchaseWorkflowMixed);

    private final BiFunction<ShopServiceFutureStub, PurchaseRequest, ListenableFuture<PurchaseReply>> call;

    PurchaseMode(BiFunction<ShopServiceFutureStub, PurchaseRequest, ListenableFuture<PurchaseReply>> call) {
        this.call = call;
    }

    ListenableFuture<PurchaseReply> call(ShopServiceFutureStub stub, PurchaseRequest request) {
        return call.apply(stub, request);
    }
}
