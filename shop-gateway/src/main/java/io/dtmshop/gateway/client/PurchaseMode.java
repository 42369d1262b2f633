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

    SAGA("saga", ShopServiceFutureStub::purchaseSaga),
    /** Two-phase message: DTM's "msg" transaction type. */
    MSG("2pm", ShopServiceFutureStub::purchaseMsg),
    TCC("tcc", ShopServiceFutureStub::purchaseTcc),
    XA("xa", ShopServiceFutureStub::purchaseXa),
    WORKFLOW_SAGA("workflow-saga", ShopServiceFutureStub::purchaseWorkflowSaga),
    WORKFLOW_TCC("workflow-tcc", ShopServiceFutureStub::purchaseWorkflowTcc),
    WORKFLOW_XA("workflow-xa", ShopServiceFutureStub::purchaseWorkflowXa),
    /** Stock as a saga branch, order as an XA branch, payment as a TCC branch, in one workflow. */
    WORKFLOW_MIXED("workflow-mixed", ShopServiceFutureStub::purchaseWorkflowMixed);

    private final String wireName;
    private final BiFunction<ShopServiceFutureStub, PurchaseRequest, ListenableFuture<PurchaseReply>> call;

    PurchaseMode(String wireName, BiFunction<ShopServiceFutureStub, PurchaseRequest, ListenableFuture<PurchaseReply>> call) {
        this.wireName = wireName;
        this.call = call;
    }

    /** The mode as shop-service names it in {@code PurchaseReply.mode}. */
    public String wireName() {
        return wireName;
    }

    ListenableFuture<PurchaseReply> call(ShopServiceFutureStub stub, PurchaseRequest request) {
        return call.apply(stub, request);
    }
}
