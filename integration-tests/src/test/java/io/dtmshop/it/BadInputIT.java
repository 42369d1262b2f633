package io.dtmshop.it;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.SQLException;
import java.util.stream.Stream;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Bad input is refused before any transaction starts, names the problem, and changes nothing. */
@ExtendWith(StackExtension.class)
class BadInputIT {

    private Shop.Product stockBefore;
    private Shop.Account moneyBefore;

    @BeforeEach
    void remember() {
        stockBefore = Shop.product(1);
        moneyBefore = Shop.account(1);
    }

    @AfterEach
    void nothingChanged() {
        assertEquals(stockBefore, Shop.product(1));
        assertEquals(moneyBefore, Shop.account(1));
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("{\"userId\":1,\"productId\":1,\"quantity\":0}", "quantity"),
                Arguments.of("{\"userId\":1,\"productId\":1,\"quantity\":-1}", "quantity"),
                Arguments.of("{\"userId\":1,\"productId\":1,\"quantity\":1001}", "quantity"),
                Arguments.of("{\"userId\":1,\"productId\":1}", "quantity"),
                Arguments.of("{\"productId\":1,\"quantity\":1}", "userId"),
                Arguments.of("{\"userId\":1,\"quantity\":1}", "productId"),
                Arguments.of("{\"userId\":1,\"productId\":1,\"quantity\":\"two\"}", "quantity"),
                Arguments.of("{\"userId\":1,\"productId\":1,\"quantity\":", "JSON"),
                Arguments.of("", "body"));
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void sagaRejectsWithTheFieldNamed(String body, String named) {
        Shop.purchaseRaw("saga", body).then().statusCode(400).body("message", containsString(named));
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void msgRejectsWithTheFieldNamed(String body, String named) {
        Shop.purchaseRaw("2pm", body).then().statusCode(400).body("message", containsString(named));
    }

    /**
     * A key given twice, or one the request does not have: refused by name through the real stack, on DTM modes and a baseline alike,
     * and nothing changes (also not for user 2, who would have bought had the last userId won).
     */
    @ParameterizedTest
    @ValueSource(strings = {"saga", "2pm", "tcc", "xa", "workflow/mixed", "baseline/direct"})
    void aKeyGivenTwiceIsRefusedByName(String mode) {
        Shop.Account secondBefore = Shop.account(2);

        Shop.purchaseRaw(mode, "{\"userId\":1,\"productId\":1,\"quantity\":1,\"quantity\":1}")
                .then().statusCode(400).body("field", equalTo("quantity"))
                .body("message", equalTo("quantity is given more than once"));
        Shop.purchaseRaw(mode, "{\"quantity\":1,\"userId\":1,\"userId\":2,\"productId\":1}")
                .then().statusCode(400).body("field", equalTo("userId"));
        // a key the request does not have is refused too: a misspelt field, or an Idempotency-Key in the body
        Shop.purchaseRaw(mode, "{\"userId\":2,\"productId\":1,\"quantity\":1,\"idempotencyKey\":\"k-1\"}")
                .then().statusCode(400).body("field", equalTo("idempotencyKey"));

        assertEquals(secondBefore, Shop.account(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"saga", "2pm"})
    void totalBeyondASigned64BitNumberOfCentsIsRefusedNamingIt(String mode) throws SQLException {
        long tooDear = ShopDb.newProduct("too dear", 9_300_000_000_000_000L, 1000);

        Shop.purchase(mode, 1, tooDear, 1000).then().statusCode(400)
                .body("message", containsString("1000 x 9300000000000000 cents"))
                .body("message", containsString("64-bit"));

        assertEquals(1000, Shop.product(tooDear).quantity(), "nothing deducted");
    }

    @ParameterizedTest
    @ValueSource(strings = {"saga", "2pm"})
    void unknownProductIsNotFound(String mode) {
        Shop.purchase(mode, 1, 999_999, 1).then().statusCode(404).body("message", containsString("product"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"saga", "2pm"})
    void unknownUserIsNotFound(String mode) {
        Shop.purchase(mode, 999_999, 1, 1).then().statusCode(404).body("message", containsString("user"));
    }
}
