package io.dtmshop.it;

import org.junit.jupiter.api.extension.ExtendWith;
import io.dtmshop.it.dtmclient.StockDb;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Once DTM holds a transaction, DTM finishes it: a branch that cannot answer in time makes the
 * purchase answer 202, and DTM's retry completes it later - exactly once, thanks to the barrier.
 * (The database is made to stall by holding a lock: a real, bounded way to make a branch slow.)
 */
@ExtendWith(StackExtension.class)
class HeldByDtmIT {

    private static final long IPHONE = 1;
    private static final long USER = 4;
    private static final long WATCH = 2;
    /** DTM retries every RetryInterval (10 s on the stack), so give it a few rounds. */
    private static final Duration DTM_RETRIES = Duration.ofSeconds(90);

    @Test
    void branchThatTimesOutIsAnswered202AndFinishedByDtmOnce() throws Exception {
        Shop.Product before = Shop.product(IPHONE);
        Shop.Account payerBefore = Shop.account(USER);
        String gid;

        // Hold the stock row: DeductStock blocks past DTM's branch timeout (RequestTimeout), as a stalled
        // database or a slow service would. DTM counts the timeout as "retry later".
        try (Connection lock = StockDb.connect(); Statement sql = lock.createStatement()) {
            lock.setAutoCommit(false);
            sql.executeQuery("SELECT quantity FROM stock WHERE product_id = " + IPHONE + " FOR UPDATE").close();

            Response response = Shop.purchase("saga", USER, IPHONE, 1);

            response.then().statusCode(202).body("status", equalTo("submitted"));
            gid = response.jsonPath().getString("gid");
            lock.rollback();
        }

        await().atMost(DTM_RETRIES).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                Shop.given().get("/shop/transactions/{gid}", gid).then().statusCode(200)
                        .body("status", equalTo("succeed")));
        // The blocked call committed after all, and DTM retried it: the barrier let it apply once.
        assertEquals(before.quantity() - 1, Shop.product(IPHONE).quantity());
        assertEquals(payerBefore.balanceCents() - before.priceCents(), Shop.account(USER).balanceCents());
        Shop.order(gid).then().statusCode(200).body("status", equalTo("CREATED"));
    }

    @Test
    void messageWhoseDeliveryTimesOutIsAnswered202AndDeliveredLater() throws Exception {
        Shop.Product before = Shop.product(WATCH);
        String gid;

        // Hold the orders table: CreateOrder, the message's branch, blocks past DTM's branch timeout.
        // The local step (stock) has committed by then, so the message must be delivered in the end.
        try (Connection lock = ShopDb.connect(ShopDb.ORDER); Statement sql = lock.createStatement()) {
            sql.execute("LOCK TABLES orders WRITE");

            Response response = Shop.purchase("2pm", USER, WATCH, 1);

            response.then().statusCode(202).body("status", equalTo("submitted"));
            gid = response.jsonPath().getString("gid");
            sql.execute("UNLOCK TABLES");
        }

        await().atMost(DTM_RETRIES).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                Shop.given().get("/shop/transactions/{gid}", gid).then().statusCode(200)
                        .body("status", equalTo("succeed")));
        assertEquals(before.quantity() - 1, Shop.product(WATCH).quantity());
        Shop.order(gid).then().statusCode(200).body("status", equalTo("UNPAID"));
    }
}
