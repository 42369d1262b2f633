package io.dtmshop.gateway.mapping;

import io.dtmshop.gateway.client.DtmHttpApi;
import io.dtmshop.gateway.model.AccountView;
import io.dtmshop.gateway.model.OrderView;
import io.dtmshop.gateway.model.ProductView;
import io.dtmshop.gateway.model.PurchaseRequest;
import io.dtmshop.gateway.model.PurchaseResponse;
import io.dtmshop.gateway.model.TransactionView;
import io.dtmshop.proto.order.v1.Order;
import io.dtmshop.proto.payment.v1.Account;
import io.dtmshop.proto.shop.v1.PurchaseReply;
import io.dtmshop.proto.stock.v1.Product;

import java.util.List;

/** Between the JSON API and the gRPC messages (and DTM's JSON), field by field. */
public final class ViewMapper {

    private ViewMapper() {
    }

    /** Call only with a validated request: the fields are non-null. */
    public static io.dtmshop.proto.shop.v1.PurchaseRequest toGrpc(PurchaseRequest request) {
        return io.dtmshop.proto.shop.v1.PurchaseRequest.newBuilder()
                .setUserId(request.userId())
                .setProductId(request.productId())
                .setQuantity(request.quantity())
                .build();
    }

    /** A purchase under the gid the gateway made, with the buyer's Idempotency-Key (null: none). */
    public static io.dtmshop.proto.shop.v1.PurchaseRequest toGrpc(PurchaseRequest request, String gid, String idempotencyKey) {
        return toGrpc(request).toBuilder()
                .setGid(gid)
                .setIdempotencyKey(idempotencyKey == null ? "" : idempotencyKey)
                .build();
    }

    public static PurchaseResponse toResponse(PurchaseReply reply) {
        return new PurchaseResponse(reply.getGid(), reply.getMode(), reply.getStatus(), reply.getOrderNo(),
                reply.getMessage());
    }

    public static ProductView toView(Product product) {
        return new ProductView(product.getId(), product.getName(), product.getPriceCents(), product.getQuantity(),
                product.getLocked());
    }

    public static AccountView toView(Account account) {
        return new AccountView(account.getUserId(), account.getBalanceCents(), account.getFrozenCents());
    }

    public static OrderView toView(Order order) {
        return new OrderView(order.getOrderNo(), order.getUserId(), order.getProductId(), order.getQuantity(),
                order.getAmountCents(), order.getStatus(), order.getCreatedAt());
    }

    public static TransactionView toView(DtmHttpApi.QueryResult result) {
        DtmHttpApi.Transaction trans = result.transaction();
        List<TransactionView.Branch> branches = result.branches() == null ? List.of()
                : result.branches().stream()
                        .map(b -> new TransactionView.Branch(b.branchId(), b.op(), b.status(), b.url()))
                        .toList();
        return new TransactionView(trans.gid(), trans.transType(), trans.status(), trans.rollbackReason(),
                trans.createTime(), trans.finishTime(), branches);
    }
}
