package io.dtmshop.it;

import org.junit.jupiter.api.extension.ExtendWith;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** SAGA purchases through the gateway: the data moves by exactly the price, or not at all. */
@ExtendWith(StackExtension.class)
class SagaPurchaseIT {

    private static final long IPHONE = 1;
    private static final long RICH_USER = 1;
    private static final long POOR_USER = 2;

    @Test
    void purchaseMovesStockAndMoneyByExactlyThePrice() {
        Shop.Product before = Shop.product(IPHONE);
        Shop.Account payerBefore = Shop.account(RICH_USER);

        Response response = Shop.purchase("saga", RICH_USER, IPHONE, 2);

        response.then().statusCode(200)
                .body("mode", equalTo("saga"))
                .body("status", equalTo("succeed"))
                .body("gid", not(emptyOrNullString()));
        String orderNo = response.jsonPath().getString("orderNo");
        assertEquals(response.jsonPath().getString("gid"), orderNo);

        assertEquals(before.quantity() - 2, Shop.product(IPHONE).quantity());
        assertEquals(payerBefore.balanceCents() - 2 * before.priceCents(), Shop.account(RICH_USER).balanceCents());
        Shop.order(orderNo).then().statusCode(200)
                .body("status", equalTo("CREATED"))
                .body("quantity", equalTo(2))
                .body("amountCents", equalTo((int) (2 * before.priceCents())));
    }

    @Test
    void notEnoughStockRollsBackAndChangesNothing() {
        Shop.Product before = Shop.product(IPHONE);
        Shop.Account payerBefore = Shop.account(RICH_USER);

        Shop.purchase("saga", RICH_USER, IPHONE, before.quantity() + 1).then().statusCode(409)
                .body("status", equalTo("failed"))
                .body("gid", not(emptyOrNullString()))
                .body("message", containsString("stock"));

        assertEquals(before, Shop.product(IPHONE));
        assertEquals(payerBefore, Shop.account(RICH_USER));
    }

    @Test
    void notEnoughMoneyCompensatesStockAndOrder() {
        Shop.Product before = Shop.product(IPHONE);
        Shop.Account payerBefore = Shop.account(POOR_USER);

        Response response = Shop.purchase("saga", POOR_USER, IPHONE, 1);

        response.then().statusCode(409)
                .body("status", equalTo("failed"))
                .body("message", containsString("balance"));
        // Stock was deducted and the order created before Pay refused: both are compensated.
        assertEquals(before, Shop.product(IPHONE));
        assertEquals(payerBefore, Shop.account(POOR_USER));
        Shop.order(response.jsonPath().getString("orderNo")).then().statusCode(200)
                .body("status", equalTo("CANCELLED"));
    }
}
