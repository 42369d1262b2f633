package io.dtmshop.order.grpc;

import io.dtmshop.dtmbranch.BranchWarmUp;
import io.dtmshop.proto.order.v1.CreateOrderRequest;
import io.dtmshop.proto.order.v1.GetOrderRequest;
import io.dtmshop.proto.order.v1.OrderServiceGrpc;
import io.grpc.Channel;
import io.grpc.Status;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * order-service's warm-up before Consul lists it (see {@link BranchWarmUp}). CreateOrder refuses
 * nothing after a query (only invalid figures, before any), so two calls: a CreateOrder of 0 units,
 * which its rules refuse, and GetOrder of an order number no purchase has (DTM's gids have no
 * dash), which runs the query CreateOrder runs first (find by order number).
 */
@ApplicationScoped
public class OrderWarmUp extends BranchWarmUp {

    private static final String NO_SUCH_ORDER = "warm-up";

    @Override
    protected void calls(Channel ownServer) {
        refusedSagaAction(ownServer, OrderServiceGrpc.getCreateOrderMethod(), gid -> CreateOrderRequest.newBuilder()
                .setOrderNo(gid).setUserId(1).setProductId(1).setQuantity(0).setAmountCents(0).build());
        expect(Status.Code.NOT_FOUND, ownServer, OrderServiceGrpc.getGetOrderMethod(),
                GetOrderRequest.newBuilder().setOrderNo(NO_SUCH_ORDER).build());
    }
}
