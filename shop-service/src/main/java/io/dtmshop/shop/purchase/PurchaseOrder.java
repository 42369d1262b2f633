package io.dtmshop.shop.purchase;

/**
 * A checked and priced purchase, ready to become a distributed transaction.
 * The DTM gid doubles as the order number, so every branch of every mode can name the order.
 */
public record PurchaseOrder(String gid, long userId, long productId, int quantity, long priceCents) {

    public String orderNo() {
        return gid;
    }

    /** What the buyer pays, in cents; overflow is an error, never a wrong price. */
    public long amountCents() {
        return Math.multiplyExact(priceCents, (long) quantity);
    }
}
