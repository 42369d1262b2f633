package io.dtmshop.it;

import org.junit.jupiter.api.extension.ExtendWith;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** 2-phase-message purchases: the local stock step decides; the order follows it, or nothing happens. */
@ExtendWith(StackExtension.class)
class MsgPurchaseIT {

    private static final long WATCH = 2;
    private static final long USER = 3;

    @Test
    void purchaseDeductsStockAndPlacesTheOrder() {
        Shop.Product before = Shop.product(WATCH);
        Shop.Account payerBefore = Shop.account(USER);

        Response response = Shop.purchase("2pm", USER, WATCH, 1);

        response.then().statusCode(200)
                .body("mode", equalTo("2pm"))
                .body("status", equalTo("succeed"))
                .body("gid", not(emptyOrNullString()));
        assertEquals(before.quantity() - 1, Shop.product(WATCH).quantity());
        Shop.order(response.jsonPath().getString("orderNo")).then().statusCode(200)
                .body("status", equalTo("UNPAID"))
                .body("amountCents", equalTo((int) before.priceCents()));
        // The order is placed unpaid: paying is not part of this purchase.
        assertEquals(payerBefore, Shop.account(USER));
    }

    @Test
    void notEnoughStockAbortsTheMessageAndCreatesNothing() {
        Shop.Product before = Shop.product(WATCH);

        Response response = Shop.purchase("2pm", USER, WATCH, before.quantity() + 1);

        response.then().statusCode(409)
                .body("status", equalTo("failed"))
                .body("message", containsString("stock"));
        assertEquals(before, Shop.product(WATCH));
        Shop.order(response.jsonPath().getString("orderNo")).then().statusCode(404);
        // DTM dropped the message: it will never deliver CreateOrder.
        Shop.given().get("/shop/transactions/{gid}", response.jsonPath().getString("gid")).then()
                .statusCode(200).body("status", equalTo("failed"));
    }
}
