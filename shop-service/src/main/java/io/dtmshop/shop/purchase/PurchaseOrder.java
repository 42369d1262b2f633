package io.dtmshop.shop.purchase;

import io.dtmshop.proto.order.v1.CreateOrderRequest;
import com.google.protobuf.InvalidProtocolBufferException;
import io.dtmshop.proto.payment.v1.PaymentRequest;
import io.dtmshop.proto.shop.v1.WorkflowPurchaseData;
import io.dtmshop.proto.stock.v1.StockRequest;

/**
 * A checked and priced purchase, ready to become a distributed transaction.
 * The DTM gid doubles as the order number, so every branch of every mode can name the order.
 */
public record PurchaseOrder(String gid, long userId, long productId, int quantity, long priceCents) {

    /** The purchase back from a workflow's data ({@link #toWorkflowData()}); the gid is the workflow's. */
    public static PurchaseOrder fromWorkflow(String gid, byte[] data) {
        try {
            WorkflowPurchaseData d = WorkflowPurchaseData.parseFrom(data);
            return new PurchaseOrder(gid, d.getUserId(), d.getProductId(), d.getQuantity(), d.getPriceCents());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("gid=" + gid + ": workflow data is not a WorkflowPurchaseData: "
                    + e.getMessage(), e);
        }
    }

    /** What a workflow carries: DTM stores it and hands it back when it resumes the workflow. */
    public byte[] toWorkflowData() {
        return WorkflowPurchaseData.newBuilder().setUserId(userId).setProductId(productId).setQuantity(quantity)
                .setPriceCents(priceCents).build().toByteArray();
    }

    public String orderNo() {
        return gid;
    }

    /** For the logs: "user 1 buys 2 x product 1 for 159998 cents". */
    public String summary() {
        return "user " + userId + " buys " + quantity + " x product " + productId + " for " + amountCents() + " cents";
    }

    /** What the buyer pays, in cents; overflow is an error, never a wrong price. */
    public long amountCents() {
        return Math.multiplyExact(priceCents, (long) quantity);
    }

    /** The payload of the stock branches (deduct and its compensation). */
    public StockRequest stockRequest() {
        return StockRequest.newBuilder().setOrderNo(orderNo()).setProductId(productId).setQuantity(quantity).build();
    }

    /** The payload of the order branches (create and its compensation). */
    public CreateOrderRequest createOrderRequest() {
        return CreateOrderRequest.newBuilder().setOrderNo(orderNo()).setUserId(userId).setProductId(productId)
                .setQuantity(quantity).setAmountCents(amountCents()).build();
    }

    /** The payload of the 2-phase message's order branch: the order is placed unpaid. */
    public CreateOrderRequest unpaidOrderRequest() {
        return createOrderRequest().toBuilder().setAwaitingPayment(true).build();
    }

    /** The payload of the payment branches (pay and its compensation). */
    public PaymentRequest paymentRequest() {
        return PaymentRequest.newBuilder().setOrderNo(orderNo()).setUserId(userId).setAmountCents(amountCents()).build();
    }
}
