package io.dtmshop.shop.purchase;

import io.dtmshop.proto.shop.v1.PurchaseRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckoutTest {

    private static PurchaseRequest request(long user, long product, int quantity) {
        return PurchaseRequest.newBuilder().setUserId(user).setProductId(product).setQuantity(quantity).build();
    }

    private static void assertRejected(PurchaseRequest request, String field) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> Checkout.validate(request));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().startsWith(field), e.getStatus().getDescription());
    }

    @Test
    void acceptsTheBoundsOfQuantity() {
        assertDoesNotThrow(() -> Checkout.validate(request(1, 1, 1)));
        assertDoesNotThrow(() -> Checkout.validate(request(1, 1, Checkout.MAX_QUANTITY)));
    }

    @Test
    void rejectsQuantityOutsideOneToAThousand() {
        assertRejected(request(1, 1, 0), "quantity");
        assertRejected(request(1, 1, -3), "quantity");
        assertRejected(request(1, 1, Checkout.MAX_QUANTITY + 1), "quantity");
    }

    @Test
    void rejectsMissingIds() {
        assertRejected(request(0, 1, 1), "userId");
        assertRejected(request(1, 0, 1), "productId");
    }

    @Test
    void amountIsPriceTimesQuantityInCents() {
        assertEquals(159998, new PurchaseOrder("g", 1, 1, 2, 79999).amountCents());
        assertThrows(ArithmeticException.class, () -> new PurchaseOrder("g", 1, 1, 2, Long.MAX_VALUE).amountCents());
    }

    @Test
    void totalBeyondASigned64BitNumberOfCentsIsInvalidAndNamed() {
        assertDoesNotThrow(() -> Checkout.requireTotalFits(1000, Long.MAX_VALUE / 1000));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> Checkout.requireTotalFits(1000, 9_300_000_000_000_000L));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("total of 1000 x 9300000000000000 cents does not fit in a signed 64-bit number of cents",
                e.getStatus().getDescription());
    }

    @Test
    void lookupPassesNotFoundThrough() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> Checkout.lookup("stock-service",
                () -> { throw Status.NOT_FOUND.withDescription("product 9 not found").asRuntimeException(); }));

        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
    }

    @Test
    void lookupThatFailsInTheClientIsUnavailable() {
        // what Quarkus 3.30's Stork picker throws while the service has no instance
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> Checkout.lookup("payment-service",
                () -> { throw new NullPointerException("result is null"); }));

        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        assertEquals("payment-service cannot be reached: java.lang.NullPointerException: result is null",
                e.getStatus().getDescription());
    }
}
