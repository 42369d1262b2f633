package io.dtmshop.gateway.rest;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class ReadResourceTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "/shop/products/abc, id",
            "/shop/products/0, id",
            "/shop/products/-1, id",
            "/shop/products/99999999999999999999, id",
            "/shop/accounts/x1, userId",
            "/shop/orders/a%20b, orderNo",
            "/shop/transactions/a%3Bb, gid"
    })
    void malformedPathParametersAreRejected(String path, String field) {
        given().urlEncodingEnabled(false)
                .when().get(path)
                .then().statusCode(400)
                .body("status", equalTo("rejected"))
                .body("field", equalTo(field));
    }

    @Test
    void unknownPathsUseTheErrorBody() {
        given().when().get("/shop/nothing-here")
                .then().statusCode(404)
                .body("status", equalTo("not_found"));
    }
}
