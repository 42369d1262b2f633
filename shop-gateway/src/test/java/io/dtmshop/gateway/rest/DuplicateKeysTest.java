package io.dtmshop.gateway.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JSON key given twice is refused with a 400 that names it, on every endpoint that takes a body,
 * before anything is called (a request that got through would answer 503: the test profile has no
 * Consul). Without strict duplicate detection the last key won ({"userId":1,"userId":2} bought as
 * user 2) or, for a repeated last creator property, Jackson failed and Quarkus answered 500 with no
 * body. A key the request does not have is refused the same way: ignored, a misspelt field or an
 * Idempotency-Key put in the body would be dropped silently. BadInputIT checks against the real
 * stack that nothing changes.
 */
@QuarkusTest
class DuplicateKeysTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"userId":1,"productId":1,"quantity":1,"quantity":1}           | quantity
            {"quantity":1,"userId":1,"userId":2,"productId":1}             | userId
            """)
    void aKeyGivenTwiceIsRefusedAndNamed(String body, String key) {
        List<String> paths = pathsTakingABody();
        assertTrue(paths.containsAll(List.of("/shop/saga", "/shop/2pm", "/shop/workflow/mixed", "/shop/baseline/local")),
                "the document lists the purchase endpoints: " + paths);
        for (String path : paths) {
            given().filter(OpenApiContract.answersOnly()).contentType("application/json").body(body)
                    .when().post(path)
                    .then().statusCode(400)
                    .body("status", equalTo("rejected"))
                    .body("field", equalTo(key))
                    .body("message", equalTo(key + " is given more than once"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"userId":1,"productId":1,"quantity":1,"quantiy":5}               | quantiy
            {"userId":1,"productId":1,"quantity":1,"idempotencyKey":"k-1"}    | idempotencyKey
            {"userId":1,"productId":1,"quantity":1,"note":{"a":1}}            | note
            """)
    void aKeyTheRequestDoesNotHaveIsRefusedAndNamed(String body, String key) {
        for (String path : pathsTakingABody()) {
            given().filter(OpenApiContract.answersOnly()).contentType("application/json").body(body)
                    .when().post(path)
                    .then().statusCode(400)
                    .body("status", equalTo("rejected"))
                    .body("field", equalTo(key))
                    .body("message", equalTo(key + " is not a field of this request (known: productId, quantity, userId)"));
        }
    }

    /** Every POST operation of the gateway's OpenAPI document. */
    private static List<String> pathsTakingABody() {
        Map<String, Map<String, Object>> paths = new JsonPath(OpenApiContract.document()).getMap("paths");
        return paths.entrySet().stream()
                .filter(path -> path.getValue().containsKey("post"))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }
}
