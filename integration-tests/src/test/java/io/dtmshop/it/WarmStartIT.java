package io.dtmshop.it;

import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Freshly started services are fast from their first request: each is listed as passing in Consul
 * (which is when {@code stack.sh up} returns, and when DTM and the shop start sending it calls)
 * only once it has warmed up, and DTM's branch-call timeout leaves room for what the warm-up did
 * not take. So right after the five services started, the first purchase of every mode - all
 * eight at once, as buyers arriving at a fresh shop would - commits (200); none is left to DTM
 * (202) because a cold JVM answered a branch call after DTM's timeout.
 */
@ExtendWith({StackExtension.class, ConsistentAfterEach.class})
class WarmStartIT {

    private static final long PRICE = 900;
    private static final Duration PURCHASE = Duration.ofSeconds(120);

    @Test
    void firstPurchaseOfEveryModeAfterTheServicesStartCommits() throws Exception {
        // Each mode its own product and buyer: no purchase waits for another's row locks.
        Map<String, long[]> buyerAndProduct = new LinkedHashMap<>();
        for (String mode : AuditIT.MODES) {
            buyerAndProduct.put(mode, new long[] {ShopDb.newAccount(100_000), ShopDb.newProduct("Fresh " + mode, PRICE, 10)});
        }

        Stack.down(Stack.SERVICES);
        Stack.up(Stack.SERVICES);

        ExecutorService buyers = Executors.newFixedThreadPool(AuditIT.MODES.size());
        try {
            List<Future<Response>> answers = new ArrayList<>();
            buyerAndProduct.forEach((mode, ids) ->
                    answers.add(buyers.submit(() -> Shop.purchase(mode, ids[0], ids[1], 1))));
            Map<String, String> outcomes = new LinkedHashMap<>();
            Map<String, String> expected = new LinkedHashMap<>();
            int i = 0;
            for (String mode : buyerAndProduct.keySet()) {
                Response response = answers.get(i++).get(PURCHASE.toSeconds(), TimeUnit.SECONDS);
                outcomes.put(mode, response.statusCode() + " " + response.jsonPath().getString("message"));
                expected.put(mode, "200 purchase committed");
            }
            assertEquals(expected, outcomes);
        } finally {
            buyers.shutdownNow();
        }
    }
}
