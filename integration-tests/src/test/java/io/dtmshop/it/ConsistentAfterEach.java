package io.dtmshop.it;

import io.restassured.path.json.JsonPath;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * After each test, GET /shop/audit for the products and accounts the test made
 * ({@link ShopDb#newProduct}, {@link ShopDb#newAccount}) must answer consistent: whatever the test
 * did, its purchases leave stock, orders and money in agreement and DTM with nothing unfinished.
 * DTM may still be finishing a purchase the test was answered 202 for, so the audit is polled, with
 * a bound.
 */
public class ConsistentAfterEach implements BeforeEachCallback, AfterEachCallback {

    private static final Duration DTM_FINISHES = Duration.ofSeconds(90);

    @Override
    public void beforeEach(ExtensionContext context) {
        ShopDb.takeFixtures();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        ShopDb.Fixtures fixtures = ShopDb.takeFixtures();
        if (fixtures.products().isEmpty() && fixtures.users().isEmpty()) {
            return;
        }
        AtomicReference<JsonPath> last = new AtomicReference<>();
        try {
            await().atMost(DTM_FINISHES).pollInterval(Duration.ofMillis(500)).until(() -> {
                last.set(Shop.audit(List.copyOf(fixtures.products()), List.copyOf(fixtures.users())).then()
                        .statusCode(200).extract().jsonPath());
                return last.get().getBoolean("consistent");
            });
        } catch (ConditionTimeoutException e) {
            fail("the audit of " + fixtures + " is not consistent after " + context.getDisplayName() + ":\n"
                    + (last.get() == null ? e.getMessage() : last.get().prettify()));
        }
    }
}
