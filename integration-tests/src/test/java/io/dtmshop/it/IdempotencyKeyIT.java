package io.dtmshop.it;

import io.dtmshop.it.dtmclient.DtmHttp;
import io.dtmshop.it.dtmclient.StockDb;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Idempotency-Key of a purchase: the same key with the same request is the same purchase - one
 * gid, stock and money moved once - however often and however concurrently it is sent; with another
 * request it is refused (422) and changes nothing.
 */
@ExtendWith({StackExtension.class, ConsistentAfterEach.class})
class IdempotencyKeyIT {

    private static final long PRICE = 1_500;
    private static final String KEY = "Idempotency-Key";
    private static final String REPLAYED = "Idempotent-Replayed";
    private static final Duration DTM_FINISHES = Duration.ofMinutes(2);

    @ParameterizedTest
    @ValueSource(strings = {"saga", "2pm", "tcc", "xa", "workflow/saga", "workflow/tcc", "workflow/xa", "workflow/mixed"})
    void sentAgainItIsTheSamePurchase(String mode) throws Exception {
        long product = ShopDb.newProduct("Key again " + mode, PRICE, 10);
        long buyer = ShopDb.newAccount(100_000);
        String key = newKey();

        Response first = purchase(mode, key, buyer, product, 2);
        first.then().statusCode(200).body("status", equalTo("succeed")).header(REPLAYED, nullValue());
        String gid = first.jsonPath().getString("gid");
        for (int i = 0; i < 2; i++) {
            purchase(mode, key, buyer, product, 2).then().statusCode(200).header(REPLAYED, "true")
                    .body("gid", equalTo(gid)).body("orderNo", equalTo(gid)).body("status", equalTo("succeed"))
                    .body("mode", equalTo(mode.replace('/', '-')));
        }
        assertBoughtOnce(mode, gid, product, buyer, 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"saga", "2pm", "tcc", "xa", "workflow/saga", "workflow/tcc", "workflow/xa", "workflow/mixed"})
    void sentConcurrentlyItIsOnePurchase(String mode) throws Exception {
        long product = ShopDb.newProduct("Key concurrent " + mode, PRICE, 10);
        long buyer = ShopDb.newAccount(100_000);
        String key = newKey();

        List<CompletableFuture<Response>> sent = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sent.add(CompletableFuture.supplyAsync(() -> purchase(mode, key, buyer, product, 3)));
        }
        List<Response> answers = new ArrayList<>();
        for (CompletableFuture<Response> answer : sent) {
            answers.add(answer.get(90, TimeUnit.SECONDS));
        }
        Set<String> gids = answers.stream().map(r -> r.jsonPath().getString("gid")).collect(Collectors.toSet());
        assertEquals(1, gids.size(), "one gid for all: " + gids);
        String gid = gids.iterator().next();
        for (Response answer : answers) {
            assertTrue(answer.statusCode() == 200 || answer.statusCode() == 202,
                    "200 done, or 202 while the first runs: " + answer.statusCode() + " " + answer.asString());
        }
        assertEquals(1, answers.stream().filter(r -> r.header(REPLAYED) == null).count(),
                "exactly one request ran the purchase");
        await().atMost(DTM_FINISHES).until(() -> DtmHttp.status(gid), equalTo("succeed"));
        purchase(mode, key, buyer, product, 3).then().statusCode(200).header(REPLAYED, "true").body("gid", equalTo(gid));
        assertBoughtOnce(mode, gid, product, buyer, 3);
    }

    @Test
    void aRolledBackPurchaseSentAgainIsTheSameRollback() throws Exception {
        long product = ShopDb.newProduct("Key refused", PRICE, 10);
        long poor = ShopDb.newAccount(PRICE - 1);
        String key = newKey();

        Response first = purchase("tcc", key, poor, product, 1);
        first.then().statusCode(409).body("status", equalTo("failed")).body("message", containsString("insufficient balance"));
        purchase("tcc", key, poor, product, 1).then().statusCode(409).header(REPLAYED, "true")
                .body("gid", equalTo(first.jsonPath().getString("gid")))
                .body("message", equalTo(first.jsonPath().getString("message")));
        assertEquals(new Shop.Product(product, "Key refused", PRICE, 10, 0), Shop.product(product));
        assertEquals(new Shop.Account(poor, PRICE - 1, 0), Shop.account(poor));
    }

    @Test
    void theSameKeyWithAnotherRequestIsRefusedAndChangesNothing() throws Exception {
        long product = ShopDb.newProduct("Key other request", PRICE, 10);
        long other = ShopDb.newProduct("Key other product", PRICE, 10);
        long buyer = ShopDb.newAccount(100_000);
        String key = newKey();
        String gid = purchase("saga", key, buyer, product, 1).then().statusCode(200).extract().jsonPath().getString("gid");

        for (Response refused : List.of(purchase("saga", key, buyer, product, 2), purchase("saga", key, buyer, other, 1),
                purchase("tcc", key, buyer, product, 1))) {
            refused.then().statusCode(422).body("status", equalTo("rejected")).body("field", equalTo(KEY))
                    .body("message", containsString(gid));
        }
        assertEquals(9, Shop.product(product).quantity());
        assertEquals(10, Shop.product(other).quantity());
        assertEquals(100_000 - PRICE, Shop.account(buyer).balanceCents());
    }

    @Test
    void twoBuyersMayUseTheSameKey() throws Exception {
        long product = ShopDb.newProduct("Key two buyers", PRICE, 10);
        long a = ShopDb.newAccount(100_000);
        long b = ShopDb.newAccount(100_000);
        String key = newKey();

        String gidA = purchase("saga", key, a, product, 1).then().statusCode(200).extract().jsonPath().getString("gid");
        String gidB = purchase("saga", key, b, product, 1).then().statusCode(200).header(REPLAYED, nullValue())
                .extract().jsonPath().getString("gid");
        assertNotEquals(gidA, gidB);
        assertEquals(8, Shop.product(product).quantity());
    }

    @Test
    void aKeyWhosePurchaseNeverStartedCanBeUsedAgain() throws Exception {
        long product = ShopDb.newProduct("Key not started", PRICE, 10);
        long buyer = ShopDb.newAccount(100_000);
        String key = newKey();

        purchase("saga", key, buyer, 999_999_999, 1).then().statusCode(404);
        purchase("saga", key, buyer, product, 1).then().statusCode(200).header(REPLAYED, nullValue());
        assertEquals(9, Shop.product(product).quantity());
    }

    /**
     * A key whose first request claimed it and then died before it reached DTM (the row is in
     * shop_db, DTM knows no such gid): while the claim is recent a retry answers 202 and starts
     * nothing; once it is older than any purchase can run, the retry runs the purchase itself,
     * under the gid of the claim.
     */
    @Test
    void aRetryTakesOverAClaimWhoseFirstRequestNeverReachedDtm() throws Exception {
        long product = ShopDb.newProduct("Key taken over", PRICE, 10);
        long buyer = ShopDb.newAccount(100_000);
        // The request fingerprint is shop-service's to compute: borrow it from a real claim of the same request.
        String model = newKey();
        purchase("saga", model, buyer, product, 1).then().statusCode(200);
        String stale = newKey();
        String recent = newKey();
        String staleGid = UUID.randomUUID().toString().replace("-", "");
        String recentGid = UUID.randomUUID().toString().replace("-", "");
        claimAsADeadRequestWould(buyer, model, stale, staleGid, "10 MINUTE");
        claimAsADeadRequestWould(buyer, model, recent, recentGid, "1 SECOND");

        purchase("saga", recent, buyer, product, 1).then().statusCode(202).body("gid", equalTo(recentGid))
                .header(REPLAYED, "true").body("message", containsString("still starting"));
        assertEquals(9, Shop.product(product).quantity());
        assertEquals(null, DtmHttp.status(recentGid));

        purchase("saga", stale, buyer, product, 1).then().statusCode(200).body("gid", equalTo(staleGid))
                .header(REPLAYED, nullValue());
        assertEquals("succeed", DtmHttp.status(staleGid));
        assertEquals(8, Shop.product(product).quantity());
        purchase("saga", stale, buyer, product, 1).then().statusCode(200).header(REPLAYED, "true");
        assertEquals(8, Shop.product(product).quantity());
        deleteClaim(buyer, recent); // it stands for nothing: no purchase will ever settle it
    }

    /**
     * A claim DTM knows nothing of, older than how long DTM keeps a finished transaction
     * (dtmshop.retention.horizon, 24 h): its purchase may have run and been forgotten by DTM since,
     * so a retry must not run it again - it is told the outcome is no longer known, and nothing is
     * bought.
     */
    @Test
    void aClaimOlderThanDtmKeepsItsTransactionsIsNotTakenOver() throws Exception {
        long product = ShopDb.newProduct("Key forgotten", PRICE, 10);
        long buyer = ShopDb.newAccount(100_000);
        String model = newKey();
        purchase("saga", model, buyer, product, 1).then().statusCode(200);
        String forgotten = newKey();
        String gid = UUID.randomUUID().toString().replace("-", "");
        claimAsADeadRequestWould(buyer, model, forgotten, gid, "2 DAY");

        purchase("saga", forgotten, buyer, product, 1).then().statusCode(202).body("gid", equalTo(gid))
                .header(REPLAYED, "true").body("message", containsString("no longer known"));
        assertEquals(9, Shop.product(product).quantity());
        assertEquals(null, DtmHttp.status(gid));
        Shop.order(gid).then().statusCode(404);
        deleteClaim(buyer, forgotten);
    }

    private static Response purchase(String mode, String key, long buyer, long product, int quantity) {
        return Shop.given().header(KEY, key).body(Map.of("userId", buyer, "productId", product, "quantity", quantity))
                .post("/shop/" + mode);
    }

    private static String newKey() {
        return "it-" + UUID.randomUUID();
    }

    /** Exactly one order, stock down by quantity once, paid once (the 2-phase message places the order unpaid). */
    private static void assertBoughtOnce(String mode, String gid, long product, long buyer, int quantity) throws Exception {
        Shop.order(gid).then().statusCode(200).body("quantity", equalTo(quantity));
        assertEquals(10 - quantity, Shop.product(product).quantity());
        long paid = mode.equals("2pm") ? 0 : quantity * PRICE;
        assertEquals(100_000 - paid, Shop.account(buyer).balanceCents());
        assertEquals(quantity, StockDb.stockMovements(gid).stream()
                .filter(m -> m.startsWith("DEDUCT")).mapToInt(m -> Integer.parseInt(m.split(" ")[1])).sum());
    }

    /** A purchase_key row as a request leaves it that claimed the key and died before it reached DTM. */
    private static void claimAsADeadRequestWould(long buyer, String modelKey, String key, String gid, String age)
            throws Exception {
        try (Connection c = ShopDb.connect("shop_db"); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO purchase_key (user_id, idempotency_key, request_hash, gid, mode, status, created_at, updated_at) "
                        + "SELECT user_id, ?, request_hash, ?, mode, 'started', NOW(6) - INTERVAL " + age
                        + ", NOW(6) - INTERVAL " + age + " FROM purchase_key WHERE user_id = ? AND idempotency_key = ?")) {
            ps.setString(1, key);
            ps.setString(2, gid);
            ps.setLong(3, buyer);
            ps.setString(4, modelKey);
            assertEquals(1, ps.executeUpdate());
        }
    }

    private static void deleteClaim(long buyer, String key) throws Exception {
        try (Connection c = ShopDb.connect("shop_db");
             PreparedStatement ps = c.prepareStatement("DELETE FROM purchase_key WHERE user_id = ? AND idempotency_key = ?")) {
            ps.setLong(1, buyer);
            ps.setString(2, key);
            ps.executeUpdate();
        }
    }
}
