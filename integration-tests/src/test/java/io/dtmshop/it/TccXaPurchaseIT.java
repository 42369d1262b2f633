package io.dtmshop.it;

import io.restassured.response.Response;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TCC and XA purchases through the gateway, with the same contract as SAGA and 2PM: on success
 * stock and money move by exactly quantity x price; on failure nothing moves at all, and no
 * reservation (stock.locked, account.frozen_cents) or prepared XA branch is left behind.
 */
@ExtendWith({StackExtension.class, ConsistentAfterEach.class})
class TccXaPurchaseIT {

    private static final long IPHONE = 1;
    private static final long RICH_USER = 1;
    /** Demo user 2 has 1.00 in the bank. */
    private static final long POOR_USER = 2;

    @ParameterizedTest
    @ValueSource(strings = {"tcc", "xa"})
    void purchaseMovesStockAndMoneyByExactlyThePrice(String mode) throws Exception {
        Shop.Product before = Shop.product(IPHONE);
        Shop.Account payerBefore = Shop.account(RICH_USER);

        Response response = Shop.purchase(mode, RICH_USER, IPHONE, 2);

        response.then().statusCode(200)
                .body("mode", equalTo(mode))
                .body("status", equalTo("succeed"))
                .body("gid", not(emptyOrNullString()));
        String orderNo = response.jsonPath().getString("orderNo");

        Shop.Product after = Shop.product(IPHONE);
        assertEquals(before.quantity() - 2, after.quantity());
        assertEquals(before.locked(), after.locked(), "a confirmed reservation is no longer locked");
        Shop.Account payerAfter = Shop.account(RICH_USER);
        assertEquals(payerBefore.balanceCents() - 2 * before.priceCents(), payerAfter.balanceCents());
        assertEquals(payerBefore.frozenCents(), payerAfter.frozenCents(), "confirmed money is no longer frozen");
        Shop.order(orderNo).then().statusCode(200)
                .body("status", equalTo(mode.equals("tcc") ? "CONFIRMED" : "CREATED"))
                .body("quantity", equalTo(2))
                .body("amountCents", equalTo((int) (2 * before.priceCents())));
        assertNothingPrepared(orderNo);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcc", "xa"})
    void notEnoughStockRollsBackAndChangesNothing(String mode) throws Exception {
        Shop.Product before = Shop.product(IPHONE);
        Shop.Account payerBefore = Shop.account(RICH_USER);

        Response response = Shop.purchase(mode, RICH_USER, IPHONE, before.quantity() - before.locked() + 1);

        response.then().statusCode(409)
                .body("status", equalTo("failed"))
                .body("message", containsString("not enough stock"));
        assertEquals(before, Shop.product(IPHONE));
        assertEquals(payerBefore, Shop.account(RICH_USER));
        // The stock branch came first and refused: no order was ever tried.
        Shop.order(response.jsonPath().getString("orderNo")).then().statusCode(404);
        assertNothingPrepared(response.jsonPath().getString("gid"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcc", "xa"})
    void notEnoughMoneyUndoesStockAndOrder(String mode) throws Exception {
        Shop.Product before = Shop.product(IPHONE);
        Shop.Account payerBefore = Shop.account(POOR_USER);

        Response response = Shop.purchase(mode, POOR_USER, IPHONE, 1);

        response.then().statusCode(409)
                .body("status", equalTo("failed"))
                .body("message", containsString("balance"));
        // Stock was reserved (tcc) or deducted in a prepared branch (xa) and the order tried
        // before the payment refused: DTM cancelled, or rolled back, both.
        assertEquals(before, Shop.product(IPHONE));
        assertEquals(payerBefore, Shop.account(POOR_USER));
        String orderNo = response.jsonPath().getString("orderNo");
        if (mode.equals("tcc")) {
            Shop.order(orderNo).then().statusCode(200).body("status", equalTo("CANCELLED"));
        } else {
            Shop.order(orderNo).then().statusCode(404); // the insert was rolled back with its XA branch
        }
        assertNothingPrepared(orderNo);
    }

    /** 20 buyers race for the last 5 units: exactly 5 get one, and stock never goes below zero. */
    @ParameterizedTest
    @ValueSource(strings = {"tcc", "xa"})
    void twentyBuyersForFiveUnits(String mode) throws Exception {
        long product = ShopDb.newProduct("Last five (" + mode + ")", 1_000, 5);
        long buyer = ShopDb.newAccount(1_000_000);
        int buyers = 20;

        List<Response> responses = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(buyers);
        try {
            List<Future<Response>> calls = new ArrayList<>();
            for (int i = 0; i < buyers; i++) {
                calls.add(pool.submit(() -> Shop.purchase(mode, buyer, product, 1)));
            }
            for (Future<Response> call : calls) {
                responses.add(call.get(120, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        Map<Integer, Long> byStatus = responses.stream()
                .collect(Collectors.groupingBy(Response::statusCode, Collectors.counting()));
        assertEquals(Map.of(200, 5L, 409, 15L), byStatus, () -> "answers: " + responses.stream()
                .map(r -> r.statusCode() + " " + r.jsonPath().getString("message")).toList());
        responses.stream().filter(r -> r.statusCode() == 409).forEach(r ->
                assertTrue(r.jsonPath().getString("message").contains("not enough stock"), r.asString()));

        Shop.Product after = Shop.product(product);
        assertEquals(0, after.quantity());
        assertEquals(0, after.locked());
        Shop.Account payer = Shop.account(buyer);
        assertEquals(1_000_000 - 5 * 1_000, payer.balanceCents());
        assertEquals(0, payer.frozenCents());
        List<String> prepared = ShopDb.preparedXids();
        responses.forEach(r -> assertTrue(prepared.stream().noneMatch(xid -> xid.startsWith(r.jsonPath().getString("gid") + "-")),
                "branches of " + r.jsonPath().getString("gid") + " still prepared: " + prepared));
    }

    /** Once a TCC or XA purchase has answered, none of its branches is left prepared in a database. */
    static void assertNothingPrepared(String gid) throws Exception {
        assertEquals(List.of(), ShopDb.preparedXids(gid), "branches of " + gid + " still prepared");
    }

}
