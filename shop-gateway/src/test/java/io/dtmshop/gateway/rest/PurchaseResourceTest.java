package io.dtmshop.gateway.rest;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * Bad input is refused before anything is called. Runs without Consul, DTM or the services: the
 * test profile points Consul at a closed port, so a request that did get through would answer 503.
 */
@QuarkusTest
class PurchaseResourceTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"userId":1,"productId":1,"quantity":0}         | quantity  | quantity must be between 1 and 1000
            {"userId":1,"productId":1,"quantity":1001}      | quantity  | quantity must be between 1 and 1000
            {"userId":1,"productId":1}                      | quantity  | quantity is required
            {"productId":1,"quantity":2}                    | userId    | userId is required
            {"userId":1,"quantity":2}                       | productId | productId is required
            {"userId":0,"productId":1,"quantity":2}         | userId    | userId must be a positive id
            {"userId":1,"productId":-5,"quantity":2}        | productId | productId must be a positive id
            {"userId":1,"productId":1,"quantity":"abc"}     | quantity  | quantity must be an integer
            {"userId":1,"productId":1,"quantity":2.5}       | quantity  | quantity must be an integer
            {"userId":1,"productId":1,"quantity":3000000000} | quantity | quantity is out of range
            """)
    void invalidFieldsAreNamed(String body, String field, String message) {
        for (String mode : new String[] {"saga", "2pm", "workflow/mixed"}) {
            given().contentType("application/json").body(body)
                    .when().post("/shop/" + mode)
                    .then().statusCode(400)
                    .body("status", equalTo("rejected"))
                    .body("field", equalTo(field))
                    .body("message", equalTo(message));
        }
    }

    @Test
    void malformedJson() {
        given().contentType("application/json").body("{\"userId\":1,")
                .when().post("/shop/saga")
                .then().statusCode(400)
                .body("status", equalTo("rejected"))
                .body("message", containsString("not valid JSON"))
                .body("field", nullValue());
    }

    @Test
    void emptyBody() {
        given().contentType("application/json")
                .when().post("/shop/saga")
                .then().statusCode(400)
                .body("status", equalTo("rejected"))
                .body("field", equalTo("body"))
                .body("message", equalTo("body is required"));
    }

    @Test
    void bodyThatIsNotAnObject() {
        given().contentType("application/json").body("[1,2,3]")
                .when().post("/shop/2pm")
                .then().statusCode(400)
                .body("status", equalTo("rejected"))
                .body("message", equalTo("request body must be a JSON object"));
    }

    @Test
    void validPurchaseWithoutConsulIsUnavailable() {
        given().contentType("application/json").body("{\"userId\":1,\"productId\":1,\"quantity\":2}")
                .when().post("/shop/saga")
                .then().statusCode(503)
                .body("status", equalTo("unavailable"))
                .body("message", containsString("shop-service"));
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', textBlock = """
            ''                                                                  | must be 1 to 64
            key with spaces                                                     | must be 1 to 64
            kéy                                                                 | must be 1 to 64
            k12345678901234567890123456789012345678901234567890123456789012345 | must be 1 to 64
            """)
    void malformedIdempotencyKeyIsNamed(String key, String message) {
        given().contentType("application/json").header("Idempotency-Key", key)
                .body("{\"userId\":1,\"productId\":1,\"quantity\":2}")
                .when().post("/shop/tcc")
                .then().statusCode(400)
                .body("status", equalTo("rejected"))
                .body("field", equalTo("Idempotency-Key"))
                .body("message", containsString(message));
    }

    @Test
    void idempotencyKeySentTwiceIsRefused() {
        given().contentType("application/json").header("Idempotency-Key", "a").header("Idempotency-Key", "b")
                .body("{\"userId\":1,\"productId\":1,\"quantity\":2}")
                .when().post("/shop/saga")
                .then().statusCode(400)
                .body("field", equalTo("Idempotency-Key"))
                .body("message", containsString("once"));
    }

    @Test
    void wellFormedIdempotencyKeyWithoutConsulIsUnavailable() {
        given().contentType("application/json").header("Idempotency-Key", "order-2026-11-30:A_1.b")
                .body("{\"userId\":1,\"productId\":1,\"quantity\":2}")
                .when().post("/shop/xa")
                .then().statusCode(503)
                .body("status", equalTo("unavailable"));
    }
}
