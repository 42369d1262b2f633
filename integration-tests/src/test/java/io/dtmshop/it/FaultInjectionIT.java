package io.dtmshop.it;

import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import io.dtmshop.dtm.BranchContext;
import io.dtmshop.dtm.ChannelBranchInvoker;
import io.dtmshop.it.dtmclient.DtmHttp;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Purchases in every mode keep coming while each component of the stack in turn is killed
 * ({@code kill -9}) and started again; afterwards DTM's own branch calls are sent again, repeated
 * and late, with the metadata DTM recorded. Then, once DTM has finished everything:
 * <ul>
 * <li>the audit holds for the suite's product and buyers, and DTM has nothing unfinished;</li>
 * <li>every answer was one a buyer can act on (no 500);</li>
 * <li>nothing is lost: every purchase answered 200 has its order (and payment), every 409 has none;
 *     DTM finished each the way the buyer was told;</li>
 * <li>nothing is doubled: no order took stock twice;</li>
 * <li>the replayed branch calls changed nothing;</li>
 * <li>every mode works again.</li>
 * </ul>
 * Every wait is a condition polled with a bound; the suite takes a few minutes, most of it the
 * restarts and DTM's retry intervals.
 */
@ExtendWith(StackExtension.class)
class FaultInjectionIT {

    /**
     * The components killed in turn: every service, then DTM. The shop and the gateway go first, so
     * that at the end the shop's channels to the others must have come back by themselves.
     */
    private static final List<String> VICTIMS = List.of("shop-service", "shop-gateway", "stock-service",
            "order-service", "payment-service", "dtm");
    private static final int WORKERS = 4;
    private static final long PRICE = 300;
    private static final int STOCK = 100_000;
    private static final long RICH = 100_000_000;
    /** Every few purchases come from a buyer who cannot pay, so rollbacks happen under faults too. */
    private static final int POOR_EVERY = 5;
    /** Bounds of the waits: a restart is within stack.sh's own wait; DTM retries at 10s, doubling. */
    private static final Duration OUTAGE = Duration.ofSeconds(90);
    private static final Duration RECOVERY = Duration.ofSeconds(150);
    private static final Duration DTM_FINISHES = Duration.ofMinutes(5);
    /** Above the gateway's own purchase timeout (90s), so a purchase is never cut off by the test. */
    private static final RestAssuredConfig PATIENT = RestAssuredConfig.config().httpClient(HttpClientConfig
            .httpClientConfig().setParam("http.connection.timeout", 2_000).setParam("http.socket.timeout", 120_000));

    private final Queue<Attempt> attempts = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    /** What the stack is going through, for the summary: "warm-up", "<victim> down", "<victim> back". */
    private volatile String phase = "warm-up";

    /** One purchase as the buyer saw it: the HTTP status (0 when the gateway could not be reached) and gid. */
    record Attempt(String phase, String mode, long buyer, int status, String gid, String message, long startedNanos,
                   long endedNanos) {
    }

    @Test
    void killingEachComponentMidPurchaseLosesAndDoublesNothing() throws Exception {
        long product = ShopDb.newProduct("Fault injection", PRICE, STOCK);
        List<Long> buyers = List.of(ShopDb.newAccount(RICH), ShopDb.newAccount(RICH), ShopDb.newAccount(RICH));
        long poorBuyer = ShopDb.newAccount(PRICE - 1);

        ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
        try {
            for (int w = 0; w < WORKERS; w++) {
                int worker = w;
                workers.submit(() -> buyInALoop(worker, product, buyers.get(worker % buyers.size()), poorBuyer));
            }
            awaitSucceeded(System.nanoTime(), WORKERS);
            for (String victim : VICTIMS) {
                phase = victim + " down";
                Stack.kill(victim);
                long killed = System.nanoTime();
                // Purchases run into the hole (those in flight when it died, and new ones): wait until
                // as many have ended as there are workers.
                await("purchases ended while " + victim + " is down").atMost(OUTAGE).pollInterval(Duration.ofMillis(200))
                        .until(() -> endedSince(killed) >= WORKERS);
                Stack.up(victim);
                phase = victim + " back";
                awaitSucceeded(System.nanoTime(), WORKERS);
            }
        } finally {
            stop.set(true);
            workers.shutdown();
            assertTrue(workers.awaitTermination(3, TimeUnit.MINUTES), "workers stopped");
            // Should the test have stopped half-way, leave no component down for the ITs after it.
            Stack.up(VICTIMS.toArray(String[]::new));
        }

        System.out.println("fault injection: answers per mode " + new TreeMap<>(attempts.stream().collect(
                Collectors.groupingBy(a -> a.mode() + " " + a.status(), Collectors.counting()))));
        System.out.println("fault injection: answers per phase " + attempts.stream().collect(Collectors.groupingBy(
                Attempt::phase, LinkedHashMap::new, Collectors.groupingBy(Attempt::status, TreeMap::new,
                        Collectors.counting()))));
        List<String> gids = attempts.stream().map(Attempt::gid).filter(gid -> gid != null && !gid.isEmpty()).toList();
        // Every transaction, also those whose gid never reached a buyer (the shop died first).
        await("DTM finished every transaction").atMost(DTM_FINISHES).pollInterval(Duration.ofSeconds(2))
                .until(() -> unfinished().isEmpty());
        assertAuditHolds(product, buyers, poorBuyer);
        assertEveryAnswerActionable();
        assertNothingLost(product);
        assertNothingDoubled(product);

        List<Object> before = figures(product, allBuyers(buyers, poorBuyer));
        int replayed = replayBranchCalls(gids);
        System.out.println("fault injection: replayed " + replayed + " branch calls DTM recorded");
        assertTrue(replayed > 0, "some branch calls were replayed");
        assertEquals(before, figures(product, allBuyers(buyers, poorBuyer)),
                "the " + replayed + " replayed branch calls changed nothing");
        assertAuditHolds(product, buyers, poorBuyer);
        assertEquals(STOCK - units(product), Shop.product(product).quantity());

        // Every mode works again after all the restarts (the shop's channels recovered).
        for (String mode : AuditIT.MODES) {
            await("a " + mode + " purchase after the faults").atMost(RECOVERY).pollInterval(Duration.ofSeconds(1))
                    .until(() -> Shop.given().config(PATIENT).body(Map.of("userId", buyers.get(0),
                            "productId", product, "quantity", 1)).post("/shop/" + mode).statusCode() == 200);
        }
        assertAuditHolds(product, buyers, poorBuyer);
    }

    private void buyInALoop(int worker, long product, long buyer, long poorBuyer) {
        for (int i = 0; !stop.get(); i++) {
            String mode = AuditIT.MODES.get((i + worker) % AuditIT.MODES.size());
            long who = i % POOR_EVERY == POOR_EVERY - 1 ? poorBuyer : buyer;
            long started = System.nanoTime();
            try {
                Response response = Shop.given().config(PATIENT)
                        .body(Map.of("userId", who, "productId", product, "quantity", 1)).post("/shop/" + mode);
                boolean json = response.getContentType().contains("json");
                attempts.add(new Attempt(phase, mode, who, response.statusCode(),
                        json ? response.jsonPath().getString("gid") : null,
                        json ? response.jsonPath().getString("message") : null, started, System.nanoTime()));
            } catch (OpenApiValidationFilter.OpenApiValidationException e) {
                // An answer the gateway's OpenAPI document does not describe (Shop.given()): not
                // the gateway being down. Status -1 is unexplained (assertEveryAnswerActionable).
                attempts.add(new Attempt(phase, mode, who, -1, null, e.getMessage(), started, System.nanoTime()));
            } catch (Exception e) {
                // The gateway itself is down: record the attempt, and try again once it listens, or
                // after a second anyway (each refused attempt counts as one that ran into the hole).
                attempts.add(new Attempt(phase, mode, who, 0, null, e.toString(), started, System.nanoTime()));
                try {
                    await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(100))
                            .until(() -> stop.get() || gatewayListens());
                } catch (ConditionTimeoutException stillDown) {
                    // try again
                }
            }
        }
    }

    private static boolean gatewayListens() {
        try {
            Shop.given().config(PATIENT).get("/q/health/live");
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private long endedSince(long nanos) {
        return attempts.stream().filter(a -> a.endedNanos() >= nanos).count();
    }

    private void awaitSucceeded(long sinceNanos, int count) {
        await("purchases succeeding again").atMost(RECOVERY).pollInterval(Duration.ofMillis(200))
                .until(() -> attempts.stream().filter(a -> a.startedNanos() >= sinceNanos && a.status() == 200)
                        .count() >= count);
    }

    /** The transactions DTM has not finished, each as "gid status". */
    private static List<String> unfinished() {
        List<String> open = new ArrayList<>();
        for (String status : List.of("prepared", "submitted", "aborting")) {
            DtmHttp.transactions(status, "").forEach(t -> open.add(t.get("gid") + " " + status));
        }
        return open;
    }

    /** What a replayed branch call could change: the product's stock and the buyers' money. */
    private static List<Object> figures(long product, List<Long> buyers) {
        List<Object> figures = new ArrayList<>(List.of(Shop.product(product)));
        buyers.forEach(buyer -> figures.add(Shop.account(buyer)));
        return figures;
    }

    private static List<Long> allBuyers(List<Long> buyers, long poorBuyer) {
        List<Long> all = new ArrayList<>(buyers);
        all.add(poorBuyer);
        return all;
    }

    private static void assertAuditHolds(long product, List<Long> buyers, long poorBuyer) {
        JsonPath audit = Shop.audit(List.of(product), allBuyers(buyers, poorBuyer)).then().statusCode(200)
                .extract().jsonPath();
        assertTrue(audit.getBoolean("consistent"), audit.prettify());
    }

    /**
     * A buyer can act on every answer: 200 bought, 409 refused, 202 DTM finishes it, 503 try again
     * (0: the gateway itself did not listen). A 500 would be a failure nobody explained.
     */
    private void assertEveryAnswerActionable() {
        List<Attempt> unexplained = attempts.stream()
                .filter(a -> !List.of(0, 200, 202, 409, 503).contains(a.status())).toList();
        assertEquals(List.of(), unexplained);
    }

    /**
     * A 200 has its order in the status of its mode and DTM says succeed; a 409 has no order (or a
     * cancelled one) and DTM says failed. Answers the buyer could not trust (202, 5xx, no answer)
     * may have gone either way: the audit covers them.
     */
    private void assertNothingLost(long product) {
        for (Attempt attempt : attempts) {
            if (attempt.status() == 200) {
                assertEquals("succeed", DtmHttp.status(attempt.gid()), attempt.toString());
                String expected = attempt.mode().equals("2pm") ? "UNPAID"
                        : attempt.mode().endsWith("tcc") ? "CONFIRMED" : "CREATED";
                assertEquals(expected, Shop.order(attempt.gid()).then().statusCode(200).extract().path("status"),
                        attempt.toString());
            } else if (attempt.status() == 409) {
                assertEquals("failed", DtmHttp.status(attempt.gid()), attempt.toString());
                Response order = Shop.order(attempt.gid());
                assertTrue(order.statusCode() == 404 || "CANCELLED".equals(order.path("status")), attempt.toString());
            }
        }
        assertTrue(attempts.stream().anyMatch(a -> a.status() == 409), "some purchases were rolled back");
    }

    /** No order took stock twice: at most one DEDUCT per order, and a REFUND only after a DEDUCT. */
    private static void assertNothingDoubled(long product) throws Exception {
        try (Connection c = ShopDb.connect(ShopDb.STOCK); PreparedStatement ps = c.prepareStatement(
                "SELECT order_no, SUM(op = 'DEDUCT') AS deducts, SUM(op = 'REFUND') AS refunds FROM stock_deduction_log"
                        + " WHERE product_id = ? GROUP BY order_no HAVING deducts > 1 OR refunds > deducts")) {
            ps.setLong(1, product);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> doubled = new ArrayList<>();
                while (rs.next()) {
                    doubled.add(rs.getString(1) + ": " + rs.getInt(2) + " deducts, " + rs.getInt(3) + " refunds");
                }
                assertEquals(List.of(), doubled);
            }
        }
    }

    /** Units the product's orders took, from the stock log (DEDUCT minus REFUND). */
    private static int units(long product) throws Exception {
        try (Connection c = ShopDb.connect(ShopDb.STOCK); PreparedStatement ps = c.prepareStatement(
                "SELECT COALESCE(SUM(CASE op WHEN 'DEDUCT' THEN quantity WHEN 'REFUND' THEN -quantity ELSE 0 END), 0)"
                        + " FROM stock_deduction_log WHERE product_id = ?")) {
            ps.setLong(1, product);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** The branch headers DTM stored with a transaction ({@code options.branch_headers}, a JSON string in DTM's record). */
    private static Map<String, String> branchHeaders(JsonPath record) {
        String options = record.getString("transaction.options");
        if (options == null || options.isEmpty()) {
            return Map.of();
        }
        Map<String, String> headers = JsonPath.from(options).getMap("branch_headers");
        return headers == null ? Map.of() : headers;
    }

    /**
     * Sends DTM's own branch calls again, as DTM recorded them (URL, payload, gid, branch id, op):
     * every call of a succeeded transaction repeated, and the actions (Trys) of a rolled-back saga
     * (TCC) arriving after their compensation, late. The barrier must turn all of them into no-ops. Workflow steps
     * are the shop's own calls, with no URL at DTM, so they are not among them.
     *
     * @return how many calls were sent
     */
    private static int replayBranchCalls(List<String> gids) throws InterruptedException {
        Map<String, ManagedChannel> channels = new HashMap<>();
        ChannelBranchInvoker invoker = new ChannelBranchInvoker(
                service -> channels.computeIfAbsent(service, Grpc::channelTo), Duration.ofSeconds(10));
        int sent = 0;
        try {
            for (String gid : gids) {
                JsonPath record = DtmHttp.query(gid);
                String transType = record.getString("transaction.trans_type");
                String status = record.getString("transaction.status");
                List<Map<String, Object>> branches = record.getList("branches");
                if (transType == null || branches == null) {
                    continue;
                }
                for (Map<String, Object> branch : branches) {
                    String url = (String) branch.get("url");
                    String op = (String) branch.get("op");
                    boolean repeat = "succeed".equals(status) && "succeed".equals(branch.get("status"));
                    // Only saga and TCC compensate; a rolled-back message never had its branch sent at all.
                    boolean late = "failed".equals(status) && List.of("saga", "tcc").contains(transType)
                            && List.of("action", "try").contains(op);
                    if (url == null || url.isEmpty() || !(repeat || late)) {
                        continue;
                    }
                    String data = (String) branch.get("bin_data");
                    byte[] payload = data == null ? new byte[0] : Base64.getDecoder().decode(data);
                    BranchContext context = new BranchContext(gid, transType, (String) branch.get("branch_id"), op,
                            "", "");
                    try {
                        // with the branch headers DTM stored with the transaction (the branch token among them), as DTM sends them
                        invoker.invoke(url, payload, context, branchHeaders(record));
                    } catch (StatusRuntimeException refused) {
                        // A late action is refused (ABORTED); what counts is that nothing changed.
                    }
                    sent++;
                }
            }
        } finally {
            for (ManagedChannel channel : channels.values()) {
                Grpc.close(channel);
            }
        }
        return sent;
    }
}
