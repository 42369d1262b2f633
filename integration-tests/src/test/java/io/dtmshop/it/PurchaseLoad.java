package io.dtmshop.it;

import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import io.dtmshop.it.dtmclient.DtmHttp;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.awaitility.core.ConditionTimeoutException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
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
 * Buyers purchasing without pause while a suite breaks the stack (FaultInjectionIT, FailoverIT):
 * each worker cycles through all eight modes, every fifth purchase by a buyer who cannot pay, on a
 * product and accounts of the load's own. Records what every purchase answered, in which phase of
 * the suite, and checks afterwards that every purchase ended as it was answered.
 */
final class PurchaseLoad {

    static final long PRICE = 300;
    static final int STOCK = 100_000;
    private static final long RICH = 100_000_000;
    /** Every few purchases come from a buyer who cannot pay, so rollbacks happen under faults too. */
    private static final int POOR_EVERY = 5;
    /** Above the gateway's own purchase timeout (90s), so a purchase is never cut off by the test. */
    static final RestAssuredConfig PATIENT = RestAssuredConfig.config().httpClient(HttpClientConfig
            .httpClientConfig().setParam("http.connection.timeout", 2_000).setParam("http.socket.timeout", 120_000));

    /**
     * One purchase as the buyer saw it: the HTTP status (0 when the gateway could not be reached, -1
     * for an answer the gateway's OpenAPI document does not describe) and gid.
     */
    record Attempt(String phase, String mode, long buyer, int status, String gid, String message, long startedNanos,
                   long endedNanos) {
    }

    final long product;
    final List<Long> buyers;
    final long poorBuyer;
    private final int workers;
    private final Queue<Attempt> attempts = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private ExecutorService pool;
    /** What the stack is going through, for the summary, e.g. "warm-up", "<victim> down". */
    private volatile String phase = "warm-up";

    /** A product and {@code workers} buyers (one per worker, up to three) of its own, and a poor one. */
    PurchaseLoad(String name, int workers) throws Exception {
        this.workers = workers;
        this.product = ShopDb.newProduct(name, PRICE, STOCK);
        List<Long> rich = new ArrayList<>();
        for (int i = 0; i < Math.min(workers, 3); i++) {
            rich.add(ShopDb.newAccount(RICH));
        }
        this.buyers = List.copyOf(rich);
        this.poorBuyer = ShopDb.newAccount(PRICE - 1);
    }

    void start() {
        pool = Executors.newFixedThreadPool(workers);
        for (int w = 0; w < workers; w++) {
            int worker = w;
            pool.submit(() -> buyInALoop(worker, buyers.get(worker % buyers.size())));
        }
    }

    void phase(String phase) {
        this.phase = phase;
    }

    /** Stops the workers once their purchases in flight have answered. */
    void stop() throws InterruptedException {
        stop.set(true);
        pool.shutdown();
        assertTrue(pool.awaitTermination(3, TimeUnit.MINUTES), "workers stopped");
    }

    List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    List<Long> allBuyers() {
        List<Long> all = new ArrayList<>(buyers);
        all.add(poorBuyer);
        return all;
    }

    private void buyInALoop(int worker, long buyer) {
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
                // the gateway being down. Status -1 is unexplained.
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

    /** How many purchases ended since {@code nanos} ({@link System#nanoTime()}). */
    long endedSince(long nanos) {
        return attempts.stream().filter(a -> a.endedNanos() >= nanos).count();
    }

    /** Waits until {@code count} purchases started since {@code sinceNanos} answered 200. */
    void awaitSucceeded(long sinceNanos, int count, Duration atMost) {
        await("purchases succeeding again").atMost(atMost).pollInterval(Duration.ofMillis(200))
                .until(() -> attempts.stream().filter(a -> a.startedNanos() >= sinceNanos && a.status() == 200)
                        .count() >= count);
    }

    /** "mode status" counted over all purchases. */
    Map<String, Long> answersPerMode() {
        return new TreeMap<>(attempts.stream().collect(
                Collectors.groupingBy(a -> a.mode() + " " + a.status(), Collectors.counting())));
    }

    /** Per phase, in the order the phases came: status counted. */
    Map<String, Map<Integer, Long>> answersPerPhase() {
        return attempts.stream().collect(Collectors.groupingBy(Attempt::phase, LinkedHashMap::new,
                Collectors.groupingBy(Attempt::status, TreeMap::new, Collectors.counting())));
    }

    /** The gids buyers were given. */
    List<String> gids() {
        return attempts.stream().map(Attempt::gid).filter(gid -> gid != null && !gid.isEmpty()).toList();
    }

    /** The transactions DTM has not finished, each as "gid status". */
    static List<String> unfinished() {
        List<String> open = new ArrayList<>();
        for (String status : List.of("prepared", "submitted", "aborting")) {
            DtmHttp.transactions(status, "").forEach(t -> open.add(t.get("gid") + " " + status));
        }
        return open;
    }

    /** What a replayed or repeated branch call could change: the product's stock and the buyers' money. */
    List<Object> figures() {
        List<Object> figures = new ArrayList<>(List.of(Shop.product(product)));
        allBuyers().forEach(buyer -> figures.add(Shop.account(buyer)));
        return figures;
    }

    void assertAuditHolds() {
        JsonPath audit = Shop.audit(List.of(product), allBuyers()).then().statusCode(200).extract().jsonPath();
        assertTrue(audit.getBoolean("consistent"), audit.prettify());
    }

    /**
     * A 200 has its order in the status of its mode and DTM says succeed; a 409 has no order (or a
     * cancelled one) and DTM says failed. Answers the buyer could not trust (202, 5xx, no answer)
     * may have gone either way: the audit covers them.
     */
    void assertNothingLost() {
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
    void assertNothingDoubled() throws Exception {
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
    int unitsTaken() throws Exception {
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
}
