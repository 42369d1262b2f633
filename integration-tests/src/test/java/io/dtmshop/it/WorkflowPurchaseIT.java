package io.dtmshop.it;

import io.dtmshop.it.dtmclient.DtmHttp;
import io.dtmshop.it.dtmclient.StockDb;
import io.restassured.response.Response;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The four workflow purchases through the gateway, with the contract of every other mode: on
 * success stock and money move by exactly quantity x price; on failure nothing moves, no
 * reservation or prepared XA branch is left. DTM's record of each workflow is checked too: every
 * step the shop ran, once, in the order the engine runs them (actions in order, then phase 2 last
 * branch first).
 */
@ExtendWith({StackExtension.class, ConsistentAfterEach.class})
class WorkflowPurchaseIT {

    private static final long PRICE = 1_250;

    /** Order status after a successful purchase, per workflow. */
    static final Map<String, String> ORDER_CONFIRMED = Map.of(
            "saga", "CREATED", "tcc", "CONFIRMED", "xa", "CREATED", "mixed", "CREATED");
    /** Stock log of a successful purchase of 2. */
    static final Map<String, List<String>> STOCK_LOG_SUCCEED = Map.of(
            "saga", List.of("DEDUCT 2"), "tcc", List.of("RESERVE 2", "DEDUCT 2"),
            "xa", List.of("DEDUCT 2"), "mixed", List.of("DEDUCT 2"));
    /** Phase 2 of a successful purchase as DTM records it: branches with a commit callback, last first. */
    private static final Map<String, List<String>> COMMITS = Map.of(
            "saga", List.of(),
            "tcc", List.of("03 commit succeed", "02 commit succeed", "01 commit succeed"),
            "xa", List.of("03 commit succeed", "02 commit succeed", "01 commit succeed"),
            "mixed", List.of("03 commit succeed", "02 commit succeed"));
    /** Stock log of a purchase of 1 that the payment refused. */
    private static final Map<String, List<String>> STOCK_LOG_PAYMENT_REFUSED = Map.of(
            "saga", List.of("DEDUCT 1", "REFUND 1"), "tcc", List.of("RESERVE 1", "RELEASE 1"),
            "xa", List.of(), "mixed", List.of("DEDUCT 1", "REFUND 1"));

    /** DTM's record of a successful purchase: the three actions, then the commits. */
    static List<String> recordOfSuccess(String mode) {
        List<String> record = new ArrayList<>(List.of("01 action succeed", "02 action succeed", "03 action succeed"));
        record.addAll(COMMITS.get(mode));
        return record;
    }

    @ParameterizedTest
    @ValueSource(strings = {"saga", "tcc", "xa", "mixed"})
    void purchaseMovesStockAndMoneyByExactlyThePrice(String mode) throws Exception {
        long product = ShopDb.newProduct("Workflow " + mode, PRICE, 10);
        long buyer = ShopDb.newAccount(100_000);

        Response response = Shop.purchase("workflow/" + mode, buyer, product, 2);

        response.then().statusCode(200)
                .body("mode", equalTo("workflow-" + mode))
                .body("status", equalTo("succeed"));
        String gid = response.jsonPath().getString("gid");
        assertEquals(new Shop.Product(product, "Workflow " + mode, PRICE, 8, 0), Shop.product(product));
        assertEquals(new Shop.Account(buyer, 100_000 - 2 * PRICE, 0), Shop.account(buyer));
        Shop.order(gid).then().statusCode(200)
                .body("status", equalTo(ORDER_CONFIRMED.get(mode)))
                .body("amountCents", equalTo((int) (2 * PRICE)));
        assertEquals(STOCK_LOG_SUCCEED.get(mode), StockDb.stockMovements(gid));

        assertEquals("succeed", DtmHttp.status(gid));
        assertEquals(recordOfSuccess(mode), DtmHttp.branches(gid));
        TccXaPurchaseIT.assertNothingPrepared(gid);
    }

    @ParameterizedTest
    @ValueSource(strings = {"saga", "tcc", "xa", "mixed"})
    void notEnoughStockRollsBackAndChangesNothing(String mode) throws Exception {
        long product = ShopDb.newProduct("Workflow few " + mode, PRICE, 3);
        long buyer = ShopDb.newAccount(100_000);

        Response response = Shop.purchase("workflow/" + mode, buyer, product, 4);

        response.then().statusCode(409)
                .body("status", equalTo("failed"))
                .body("message", containsString("not enough stock"));
        String gid = response.jsonPath().getString("gid");
        assertEquals(new Shop.Product(product, "Workflow few " + mode, PRICE, 3, 0), Shop.product(product));
        assertEquals(new Shop.Account(buyer, 100_000, 0), Shop.account(buyer));
        Shop.order(gid).then().statusCode(404);
        assertEquals(List.of(), StockDb.stockMovements(gid));
        assertEquals("failed", DtmHttp.status(gid));
        // The refused branch's own rollback runs too (compensateErrorBranch); the barrier makes it a no-op.
        assertEquals(List.of("01 action failed", "01 rollback succeed"), DtmHttp.branches(gid));
        TccXaPurchaseIT.assertNothingPrepared(gid);
    }

    @ParameterizedTest
    @ValueSource(strings = {"saga", "tcc", "xa", "mixed"})
    void notEnoughMoneyUndoesStockAndOrder(String mode) throws Exception {
        long product = ShopDb.newProduct("Workflow poor " + mode, PRICE, 10);
        long buyer = ShopDb.newAccount(PRICE - 1);

        Response response = Shop.purchase("workflow/" + mode, buyer, product, 1);

        response.then().statusCode(409)
                .body("status", equalTo("failed"))
                .body("message", containsString("balance"));
        String gid = response.jsonPath().getString("gid");
        assertEquals(new Shop.Product(product, "Workflow poor " + mode, PRICE, 10, 0), Shop.product(product));
        assertEquals(new Shop.Account(buyer, PRICE - 1, 0), Shop.account(buyer));
        if (mode.equals("saga") || mode.equals("tcc")) {
            Shop.order(gid).then().statusCode(200).body("status", equalTo("CANCELLED"));
        } else {
            Shop.order(gid).then().statusCode(404); // an XA order branch: the insert was rolled back
        }
        assertEquals(STOCK_LOG_PAYMENT_REFUSED.get(mode), StockDb.stockMovements(gid));
        assertEquals("failed", DtmHttp.status(gid));
        assertEquals(List.of("01 action succeed", "02 action succeed", "03 action failed",
                "03 rollback succeed", "02 rollback succeed", "01 rollback succeed"), DtmHttp.branches(gid));
        TccXaPurchaseIT.assertNothingPrepared(gid);
    }
}
