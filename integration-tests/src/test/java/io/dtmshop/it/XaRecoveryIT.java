package io.dtmshop.it;

import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A service killed between XA prepare and commit: its prepared branch outlives it in the
 * database, DTM keeps retrying the commit, and once the service is back DTM finishes the purchase
 * - with stock, order and money exactly as if nothing had happened.
 */
@ExtendWith({StackExtension.class, ConsistentAfterEach.class})
class XaRecoveryIT {

    /** Time for the stock and order branches to prepare while the payment branch waits. */
    private static final Duration PREPARES = Duration.ofSeconds(8);
    /** DTM retries phase 2 every RetryInterval (10 s on the stack), doubling: give it a few rounds. */
    private static final Duration DTM_RETRIES = Duration.ofSeconds(120);

    @Test
    void stockServiceKilledAfterPrepareIsCommittedByDtmAfterRestart() throws Exception {
        long product = ShopDb.newProduct("XA crash", 2_500, 10);
        long buyer = ShopDb.newAccount(100_000);
        List<String> preparedBefore = ShopDb.preparedXids();

        Response response;
        try (Connection payment = ShopDb.connect(ShopDb.PAYMENT); Statement sql = payment.createStatement()) {
            // Hold the buyer's account row: the payment branch (the last one) waits, so the stock and
            // order branches are prepared and stay so while we kill stock-service.
            payment.setAutoCommit(false);
            sql.executeQuery("SELECT balance_cents FROM account WHERE user_id = " + buyer + " FOR UPDATE").close();

            CompletableFuture<Response> purchase = CompletableFuture.supplyAsync(() -> Shop.purchase("xa", buyer, product, 2));
            // Branches 01 (stock) and 02 (order) of the new purchase are prepared.
            await().atMost(PREPARES).pollInterval(Duration.ofMillis(100)).until(() -> ShopDb.preparedXids().stream()
                    .filter(xid -> !preparedBefore.contains(xid)).count() == 2);

            Stack.kill("stock-service"); // SIGKILL: no shutdown hook, connections just drop
            try {
                payment.rollback(); // the payment branch goes on and prepares
                response = purchase.get(60, TimeUnit.SECONDS);
            } catch (Exception | AssertionError e) {
                Stack.up("stock-service"); // leave the stack whole for the next tests
                throw e;
            }
        }
        String gid = response.jsonPath().getString("gid");
        try {
            // Everything prepared, the shop submitted, and DTM could not commit the stock branch yet.
            response.then().statusCode(202).body("status", equalTo("submitted"));
            assertTrue(ShopDb.preparedXids(gid).contains(gid + "-01"), "the stock branch outlived its service, prepared: "
                    + ShopDb.preparedXids(gid));
        } finally {
            Stack.up("stock-service");
        }
        await().atMost(DTM_RETRIES).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                Shop.given().get("/shop/transactions/{gid}", gid).then().statusCode(200)
                        .body("status", equalTo("succeed")));

        assertEquals(8, Shop.product(product).quantity());
        assertEquals(new Shop.Account(buyer, 100_000 - 2 * 2_500, 0), Shop.account(buyer));
        Shop.order(gid).then().statusCode(200).body("status", equalTo("CREATED")).body("amountCents", equalTo(5_000));
        TccXaPurchaseIT.assertNothingPrepared(gid);
    }
}
