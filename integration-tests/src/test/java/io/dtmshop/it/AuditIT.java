package io.dtmshop.it;

import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GET /shop/audit against the real services: purchases of every mode, succeeded or rolled back,
 * leave it consistent; a row changed behind the services' back is named.
 */
@ExtendWith({StackExtension.class, ConsistentAfterEach.class})
class AuditIT {

    private static final long PRICE = 700;
    /** Every mode the gateway offers, as its path after /shop/. */
    static final List<String> MODES = List.of("2pm", "saga", "tcc", "xa",
            "workflow/saga", "workflow/tcc", "workflow/xa", "workflow/mixed");

    /** The name and verdict of each check. */
    static Map<String, Boolean> verdicts(JsonPath audit) {
        List<Map<String, Object>> checks = audit.getList("checks");
        return checks.stream().collect(Collectors.toMap(
                check -> (String) check.get("name"), check -> (Boolean) check.get("ok")));
    }

    @Test
    void everyModeSucceededOrRolledBackLeavesItConsistent() throws Exception {
        long product = ShopDb.newProduct("Audited", PRICE, 100);
        long buyer = ShopDb.newAccount(100_000);
        long poorBuyer = ShopDb.newAccount(PRICE - 1);

        for (String mode : MODES) {
            Shop.purchase(mode, buyer, product, 2).then().statusCode(200);
            if (!mode.equals("2pm")) {
                // 2pm does not pay, so the poor buyer could not make it fail.
                Shop.purchase(mode, poorBuyer, product, 1).then().statusCode(409);
            }
        }
        Shop.purchase("saga", buyer, product, 1_000).then().statusCode(409);

        JsonPath audit = Shop.audit(List.of(product), List.of(buyer, poorBuyer)).then().statusCode(200)
                .extract().jsonPath();
        assertTrue(audit.getBoolean("consistent"), audit.prettify());
        assertEquals(List.of("stock", "locked stock", "balance", "frozen money", "paid orders and payments",
                "at rest", "dtm"), audit.getList("checks.name"));
        assertEquals(100 - 2 * MODES.size(), Shop.product(product).quantity());
        // Seven paying modes; 2pm places its order unpaid.
        assertEquals(100_000 - 7 * 2 * PRICE, Shop.account(buyer).balanceCents());
    }

    @Test
    void stockTakenBehindTheServicesBackIsNamed() throws Exception {
        long product = ShopDb.newProduct("Shrinking", PRICE, 10);
        Shop.audit(List.of(product), List.of()).then().statusCode(200).body("consistent", equalTo(true));

        changeQuantity(product, -1);
        try {
            JsonPath audit = Shop.audit(List.of(product), List.of()).then().statusCode(200).extract().jsonPath();
            assertFalse(audit.getBoolean("consistent"));
            assertFalse(verdicts(audit).get("stock"));
            assertEquals("product " + product + ": initial 10 != quantity 9 + 0 units of orders",
                    audit.getString("checks.find { it.name == 'stock' }.detail"));
        } finally {
            changeQuantity(product, 1);
        }
        Shop.audit(List.of(product), List.of()).then().statusCode(200).body("consistent", equalTo(true));
    }

    @Test
    void aMalformedIdIsRefused() {
        Shop.givenInvalid().queryParam("productId", "abc").get("/shop/audit").then().statusCode(400)
                .body(containsString("positive integer"));
    }

    private static void changeQuantity(long product, int by) throws Exception {
        try (Connection c = ShopDb.connect(ShopDb.STOCK);
             PreparedStatement ps = c.prepareStatement("UPDATE stock SET quantity = quantity + ? WHERE product_id = ?")) {
            ps.setInt(1, by);
            ps.setLong(2, product);
            ps.executeUpdate();
        }
    }
}
