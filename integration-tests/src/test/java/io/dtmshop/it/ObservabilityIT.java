package io.dtmshop.it;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * What an operator looks at: the shop's purchase metrics, the services' readiness, and one trace
 * (traceId in the logs) for a purchase from the gateway through DTM into the branches.
 */
@ExtendWith(StackExtension.class)
class ObservabilityIT {

    private static final long IPHONE = 1;
    private static final long RICH_USER = 1;
    private static final long POOR_USER = 2;
    private static final Duration HEALTH_NOTICES = Duration.ofSeconds(30);
    private static final Duration LOG_WRITTEN = Duration.ofSeconds(10);

    @Test
    void shopCountsEachPurchaseOfAModeByItsOutcome() {
        Metrics before = Metrics.of("shop-service");

        Shop.purchase("saga", RICH_USER, IPHONE, 1).then().statusCode(200);
        Shop.purchase("saga", POOR_USER, IPHONE, 1).then().statusCode(409);
        Shop.purchase("tcc", RICH_USER, IPHONE, 1).then().statusCode(200);
        // refused at the checkout: no gid, no transaction, not counted
        Shop.purchase("tcc", RICH_USER, 99, 1).then().statusCode(404);

        // counted before the shop answers, so already there
        Metrics after = Metrics.of("shop-service");
        assertEquals(2, after.delta(before, "dtmshop_purchases_started_total", "mode", "saga"));
        assertEquals(1, after.delta(before, "dtmshop_purchases_completed_total", "mode", "saga", "outcome", "succeeded"));
        assertEquals(1, after.delta(before, "dtmshop_purchases_completed_total", "mode", "saga", "outcome", "rolled_back"));
        assertEquals(1, after.delta(before, "dtmshop_purchase_duration_seconds_count", "mode", "saga", "outcome", "succeeded"));
        assertEquals(1, after.delta(before, "dtmshop_purchase_duration_seconds_count", "mode", "saga", "outcome", "rolled_back"));
        assertEquals(1, after.delta(before, "dtmshop_purchases_started_total", "mode", "tcc"));
        assertEquals(1, after.delta(before, "dtmshop_purchases_completed_total", "mode", "tcc", "outcome", "succeeded"));
        assertEquals(0, after.delta(before, "dtmshop_purchases_completed_total", "mode", "tcc", "outcome", "rolled_back"));
        assertEquals(0, after.delta(before, "dtmshop_purchases_started_total", "mode", "xa"));
    }

    @Test
    void readinessCoversDatabaseConsulAndDtmAndDtmGoingAwayShowsThere() {
        JsonPath stock = ready("stock-service", 200);
        assertEquals("UP", check(stock, "Database connections health check"));
        assertEquals("UP", check(stock, "Consul"));
        assertEquals("UP", check(stock, "DTM"));
        JsonPath shop = ready("shop-service", 200);
        assertEquals("UP", check(shop, "Consul"));
        assertEquals("UP", check(shop, "DTM"));

        assumeFalse(Stack.useDocker(), "DTM runs as a container here: stack.sh cannot stop it");
        Stack.down("dtm");
        try {
            await().atMost(HEALTH_NOTICES).until(() -> "DOWN".equals(check(readiness("stock-service"), "DTM")));
            JsonPath down = ready("stock-service", 503);
            assertEquals("UP", check(down, "Database connections health check"));
            assertEquals("UP", check(down, "Consul"));
            // Consul polls liveness: the service stays listed, so the shop blames DTM, not the service
            assertFalse(Consul.healthyInstances("stock-service").isEmpty(), "stock-service left Consul with DTM");
        } finally {
            Stack.up("dtm");
        }
        await().atMost(HEALTH_NOTICES).until(() -> "UP".equals(readiness("stock-service").getString("status"))
                && "UP".equals(readiness("shop-service").getString("status")));
    }

    @Test
    void oneTraceFromTheGatewayThroughDtmIntoEveryBranch() {
        if (!Stack.useDocker()) {
            // A fresh gateway's first call to the shop waits for Stork to ask Consul, and leaves
            // from Stork's thread (as the first call after every stork.period does): the case that
            // used to open a trace of its own
            Stack.down("shop-gateway");
            Stack.up("shop-gateway");
        }
        for (int purchase = 1; purchase <= 2; purchase++) {
            Response response = Shop.purchase("saga", RICH_USER, IPHONE, 1);
            response.then().statusCode(200);
            String gid = response.jsonPath().getString("gid");

            String trace = traceIdLogged("shop-gateway", gid);
            assertEquals(trace, traceIdLogged("shop-service", gid), "shop-service, gid " + gid);
            // DeductStock, CreateOrder and Pay are called by DTM, not by the shop: their spans join
            // the purchase's trace only because DTM passes the shop's traceparent on as a branch header
            assertEquals(trace, traceIdLogged("stock-service", gid), "stock-service, gid " + gid);
            assertEquals(trace, traceIdLogged("order-service", gid), "order-service, gid " + gid);
            assertEquals(trace, traceIdLogged("payment-service", gid), "payment-service, gid " + gid);
        }
    }

    /**
     * GET /q/health/ready of a service once it answers this HTTP status, polled for a while: an
     * earlier test may have restarted a part of the stack, and the checks take a moment to see it
     * back. Fails with the last answer's body, which names the check that was not as expected.
     */
    private static JsonPath ready(String service, int status) {
        Response[] last = new Response[1];
        try {
            await().atMost(HEALTH_NOTICES).until(() -> {
                last[0] = RestAssured.given().baseUri(Consul.httpBase(service)).get("/q/health/ready");
                return last[0].statusCode() == status;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(service + " readiness not " + status + " within " + HEALTH_NOTICES + ": "
                    + (last[0] == null ? "no answer" : last[0].statusCode() + " " + last[0].asString()), e);
        }
        return last[0].jsonPath();
    }

    /** GET /q/health/ready of a service, whatever it answers (200 UP, 503 DOWN). */
    private static JsonPath readiness(String service) {
        return RestAssured.given().baseUri(Consul.httpBase(service)).get("/q/health/ready").then().extract().jsonPath();
    }

    /** The status of one named check in a health answer, or null when it is not listed. */
    private static String check(JsonPath health, String name) {
        List<Map<String, Object>> checks = health.getList("checks");
        return checks.stream().filter(c -> name.equals(c.get("name"))).map(c -> String.valueOf(c.get("status")))
                .findFirst().orElse(null);
    }

    /**
     * The traceId on the first line a component logged with the gid in its log context, as the
     * console format prints it: {@code {gid=<gid> traceId=<32 hex>}}. Polled: the line may reach
     * the file a moment after the purchase answered.
     */
    private static String traceIdLogged(String component, String gid) {
        Pattern line = Pattern.compile("\\{gid=" + Pattern.quote(gid) + " traceId=([0-9a-f]{32})}");
        return await().atMost(LOG_WRITTEN).until(() -> {
            try (var lines = Files.lines(Stack.log(component))) {
                return lines.map(line::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, Optional::isPresent).orElseThrow();
    }

    /** One scrape of a service's /q/metrics (Prometheus text). */
    record Metrics(List<String> lines) {

        static Metrics of(String service) {
            String body = RestAssured.given().baseUri(Consul.httpBase(service)).get("/q/metrics")
                    .then().statusCode(200).extract().asString();
            return new Metrics(body.lines().toList());
        }

        /** The sample of this name with these labels (as name-value pairs); 0 when not there yet. */
        double value(String name, String... labels) {
            return lines.stream()
                    .filter(l -> l.startsWith(name + "{") && hasLabels(l, labels))
                    .map(l -> Double.parseDouble(l.substring(l.indexOf('}') + 1).trim().split("\\s+")[0]))
                    .findFirst().orElse(0.0);
        }

        long delta(Metrics before, String name, String... labels) {
            return Math.round(value(name, labels) - before.value(name, labels));
        }

        private static boolean hasLabels(String line, String... labels) {
            String set = line.substring(line.indexOf('{'), line.indexOf('}') + 1);
            for (int i = 0; i < labels.length; i += 2) {
                if (!set.contains(labels[i] + "=\"" + labels[i + 1] + "\"")) {
                    return false;
                }
            }
            return true;
        }
    }
}
