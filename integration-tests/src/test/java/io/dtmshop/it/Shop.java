package io.dtmshop.it;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.util.List;
import java.util.Map;

/** The shop as a user sees it: the gateway's REST API, found through Consul. */
public final class Shop {

    /** The gateway never moves during a run: ask Consul once. */
    private static volatile String baseUri;

    private Shop() {
    }

    public static RequestSpecification given() {
        if (baseUri == null) {
            baseUri = "http://" + Consul.address("shop-gateway");
        }
        return RestAssured.given().baseUri(baseUri).contentType(ContentType.JSON);
    }

    /** POST /shop/{mode} with a JSON body; the raw response, so tests assert status and body. */
    public static Response purchase(String mode, long userId, long productId, int quantity) {
        return given().body(Map.of("userId", userId, "productId", productId, "quantity", quantity))
                .post("/shop/" + mode);
    }

    public static Response purchaseRaw(String mode, String body) {
        return given().body(body).post("/shop/" + mode);
    }

    public static Product product(long id) {
        return given().get("/shop/products/{id}", id).then().statusCode(200).extract().as(Product.class);
    }

    public static Account account(long userId) {
        return given().get("/shop/accounts/{id}", userId).then().statusCode(200).extract().as(Account.class);
    }

    public static Response order(String orderNo) {
        return given().get("/shop/orders/{orderNo}", orderNo);
    }

    /**
     * GET /shop/audit for these products and users (everything when both are empty); the raw
     * response.
     */
    public static Response audit(List<Long> productIds, List<Long> userIds) {
        RequestSpecification request = given();
        productIds.forEach(id -> request.queryParam("productId", id));
        userIds.forEach(id -> request.queryParam("userId", id));
        return request.get("/shop/audit");
    }

    public record Product(long id, String name, long priceCents, int quantity, int locked) {
    }

    public record Account(long userId, long balanceCents, long frozenCents) {
    }
}
