package io.dtmshop.it;

import io.dtmshop.it.dtmclient.DtmHttp;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A purchase whose outcome the shop cannot know - DTM may hold the gid, but its answer never came -
 * answers 202 with the gid, in every mode, never "nothing started" (503): a buyer who trusted a 503
 * and bought again would buy twice. DTM then finishes or compensates it, and the data adds up.
 */
@ExtendWith({StackExtension.class, ConsistentAfterEach.class})
class UnknownOutcomeIT {

    private static final long PRICE = 1_000;
    /**
     * Time for a purchase to reach the point where it waits on a held row: well below the shop's
     * branch timeout (dtmshop.purchase.branch-timeout, 10 s), after which a waiting Try or XA action
     * gives up and the purchase rolls back before DTM is killed.
     */
    private static final Duration AT_THE_ROW = Duration.ofSeconds(6);
    /** DTM ends what it holds: prepared TCC/XA at TimeoutToFail (35 s on the stack), retries every 10 s, doubling. */
    private static final Duration DTM_FINISHES = Duration.ofMinutes(4);

    /**
     * DTM is killed while each purchase waits on a row the test holds (the buyer's account, or the
     * product's stock for the 2-phase message): after DTM stored the saga (Submit), the prepared
     * TCC, XA and message and the workflow. The saga's Submit loses its answer with the
     * connection; the others find DTM gone when they go on. All answer 202 with the gid DTM holds,
     * and once DTM is back each ends, exactly once.
     */
    @Test
    void dtmKilledWhilePurchasesWaitAnswers202WithTheGid() throws Exception {
        Map<String, Purchase> purchases = new LinkedHashMap<>();
        for (String mode : List.of("tcc", "xa", "2pm", "workflow/saga", "saga")) {
            purchases.put(mode, new Purchase(mode, ShopDb.newProduct("Unknown outcome " + mode, PRICE, 10),
                    ShopDb.newAccount(100_000)));
        }
        List<Connection> held = new ArrayList<>();
        Map<String, CompletableFuture<Response>> answers = new LinkedHashMap<>();
        try {
            for (Purchase p : purchases.values()) {
                held.add(p.mode.equals("2pm") ? hold(ShopDb.STOCK, "SELECT quantity FROM stock WHERE product_id = ? FOR UPDATE", p.product)
                        : hold(ShopDb.PAYMENT, "SELECT balance_cents FROM account WHERE user_id = ? FOR UPDATE", p.buyer));
            }
            // The saga last: DTM calls its Pay itself and gives up on it after its branch-call timeout.
            for (Purchase p : purchases.values()) {
                String[] unfinished = p.mode.equals("saga") ? new String[] {"submitted", "saga"}
                        : new String[] {"prepared", transType(p.mode)};
                int before = DtmHttp.transactions(unfinished[0], unfinished[1]).size();
                answers.put(p.mode, CompletableFuture.supplyAsync(() -> Shop.purchase(p.mode, p.buyer, p.product, 1)));
                await().atMost(AT_THE_ROW).pollInterval(Duration.ofMillis(50))
                        .until(() -> DtmHttp.transactions(unfinished[0], unfinished[1]).size(), equalTo(before + 1));
            }
            Stack.kill("dtm");
        } finally {
            for (Connection c : held) {
                c.close(); // the purchases go on, without DTM
            }
        }
        Map<String, String> gids = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, CompletableFuture<Response>> answer : answers.entrySet()) {
                Response response = answer.getValue().get(90, TimeUnit.SECONDS);
                response.then().statusCode(202).body("status", equalTo("submitted"))
                        .body("gid", matchesPattern("[0-9a-f]{32}"));
                gids.put(answer.getKey(), response.jsonPath().getString("gid"));
            }
        } finally {
            Stack.up("dtm");
        }
        for (Map.Entry<String, String> gid : gids.entrySet()) {
            String status = await().atMost(DTM_FINISHES).pollInterval(Duration.ofSeconds(1))
                    .until(() -> DtmHttp.status(gid.getValue()), DtmHttp::finished);
            Purchase p = purchases.get(gid.getKey());
            // It moved stock and money once, or not at all; which one is DTM's to say.
            int units = status.equals("succeed") ? 1 : 0;
            assertEquals(10 - units, Shop.product(p.product).quantity(), gid.getKey() + " " + status);
            long paid = status.equals("succeed") && !p.mode.equals("2pm") ? PRICE : 0;
            assertEquals(100_000 - paid, Shop.account(p.buyer).balanceCents(), gid.getKey() + " " + status);
        }
        assertEquals("succeed", DtmHttp.status(gids.get("saga")), "DTM had stored the saga: it finishes it");
        assertTrue(answers.get("saga").get().jsonPath().getString("message").contains("got no answer from DTM"),
                "the saga's answer was lost with DTM, not DTM's wait running out");
    }

    /**
     * DTM hangs (SIGSTOP) with its connections open: each mode's first request to DTM is sent and
     * never answered. Every purchase answers 202 with its gid after the shop's deadline for DTM. Once
     * DTM goes on, it may or may not take those requests (gRPC drops a request whose deadline
     * passed): each gid ends succeed or failed at DTM, or DTM never heard of it - and the data adds
     * up either way.
     */
    @Test
    void dtmHangingAnswers202WithTheGidInEveryMode() throws Exception {
        long product = ShopDb.newProduct("Unknown outcome hanging DTM", PRICE, 100);
        long buyer = ShopDb.newAccount(1_000_000);
        // a first purchase, so that shop-service holds an open connection to DTM
        Shop.purchase("saga", buyer, product, 1).then().statusCode(200);

        List<String> modes = List.of("saga", "2pm", "tcc", "xa", "workflow/saga", "workflow/tcc", "workflow/xa",
                "workflow/mixed");
        Map<String, CompletableFuture<Response>> answers = new LinkedHashMap<>();
        Stack.pause("dtm");
        Map<String, String> gids = new LinkedHashMap<>();
        try {
            for (String mode : modes) {
                answers.put(mode, CompletableFuture.supplyAsync(() -> Shop.purchase(mode, buyer, product, 1)));
            }
            for (Map.Entry<String, CompletableFuture<Response>> answer : answers.entrySet()) {
                Response response = answer.getValue().get(90, TimeUnit.SECONDS);
                response.then().statusCode(202).body("status", equalTo("submitted"))
                        .body("mode", equalTo(answer.getKey().replace('/', '-')));
                gids.put(answer.getKey(), response.jsonPath().getString("gid"));
            }
        } finally {
            Stack.resume("dtm");
        }
        await().atMost(DTM_FINISHES).pollInterval(Duration.ofSeconds(1)).until(() -> gids.values().stream()
                .map(DtmHttp::status).allMatch(status -> status == null || DtmHttp.finished(status)));
        for (String gid : gids.values()) {
            String status = DtmHttp.status(gid);
            boolean ordered = Shop.order(gid).statusCode() == 200;
            assertTrue(status != null || !ordered, gid + ": DTM never heard of it, so nothing may have been ordered");
        }
    }

    private record Purchase(String mode, long product, long buyer) {
        Purchase {
            assertNotNull(mode);
        }
    }

    private static String transType(String mode) {
        return switch (mode) {
            case "2pm" -> "msg";
            case "workflow/saga" -> "workflow";
            default -> mode;
        };
    }

    /** Locks one row in a transaction of its own; closing the connection lets it go. */
    private static Connection hold(String database, String sql, long id) throws Exception {
        Connection c = ShopDb.connect(database);
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            ps.executeQuery().close();
        }
        return c;
    }
}
