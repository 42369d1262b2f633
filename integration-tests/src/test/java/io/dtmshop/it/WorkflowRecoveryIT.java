package io.dtmshop.it;

import io.dtmshop.it.dtmclient.DtmHttp;
import io.dtmshop.it.dtmclient.StockDb;
import io.dtmshop.proto.shop.v1.WorkflowPurchaseData;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * shop-service killed in the middle of a workflow purchase, at a known point: branches 01 (stock)
 * and 02 (order) done and recorded with DTM, branch 03 (payment) under way. DTM calls the workflow
 * back (workflow.Workflow/Execute) once shop-service is up again; the workflow runs from the top,
 * takes 01 and 02 from DTM's record, calls 03 again - whose first call went on and finished after
 * the kill, so the barrier (or, for XA, the prepared transaction) answers without doing it twice -
 * and completes, or rolls back when the payment refuses. Stock, order and money agree either way.
 *
 * <p>How the crash point is made: the test holds the buyer's account row ({@code SELECT ... FOR
 * UPDATE}), so the payment branch blocks in payment-service; it waits until DTM lists 01 and 02
 * as recorded; then it SIGKILLs shop-service and lets the row go.
 */
@ExtendWith({StackExtension.class, ConsistentAfterEach.class})
class WorkflowRecoveryIT {

    private static final long PRICE = 2_500;
    /** Time for branches 01 and 02 to run and be recorded while branch 03 waits. */
    private static final Duration RECORDED = Duration.ofSeconds(15);
    /**
     * DTM calls a prepared workflow back RetryInterval (10 s on the stack) after it began, then
     * doubling while the callback fails (shop-service still starting): a few rounds.
     */
    private static final Duration DTM_RESUMES = Duration.ofSeconds(120);

    @ParameterizedTest
    @ValueSource(strings = {"saga", "tcc", "xa", "mixed"})
    void shopKilledAfterTwoBranchesCompletesWhenBack(String mode) throws Exception {
        long product = ShopDb.newProduct("Workflow crash " + mode, PRICE, 10);
        long buyer = ShopDb.newAccount(100_000);

        String gid = killShopAfterTwoBranches(mode, buyer, product, 2);

        await().atMost(DTM_RESUMES).pollInterval(Duration.ofSeconds(1))
                .until(() -> DtmHttp.status(gid), equalTo("succeed"));
        assertEquals(new Shop.Product(product, "Workflow crash " + mode, PRICE, 8, 0), Shop.product(product));
        assertEquals(new Shop.Account(buyer, 100_000 - 2 * PRICE, 0), Shop.account(buyer));
        Shop.order(gid).then().statusCode(200)
                .body("status", equalTo(WorkflowPurchaseIT.ORDER_CONFIRMED.get(mode)))
                .body("amountCents", equalTo((int) (2 * PRICE)));
        assertEquals(WorkflowPurchaseIT.STOCK_LOG_SUCCEED.get(mode), StockDb.stockMovements(gid));
        // Each step recorded once: 01 and 02 were not run again, 03 ran (again) only once it could finish.
        assertEquals(WorkflowPurchaseIT.recordOfSuccess(mode), DtmHttp.branches(gid));
        TccXaPurchaseIT.assertNothingPrepared(gid);
    }

    @ParameterizedTest
    @ValueSource(strings = {"saga", "xa"})
    void shopKilledBeforeARefusedPaymentRollsBackWhenBack(String mode) throws Exception {
        long product = ShopDb.newProduct("Workflow crash poor " + mode, PRICE, 10);
        long buyer = ShopDb.newAccount(2 * PRICE - 1);

        String gid = killShopAfterTwoBranches(mode, buyer, product, 2);

        await().atMost(DTM_RESUMES).pollInterval(Duration.ofSeconds(1))
                .until(() -> DtmHttp.status(gid), equalTo("failed"));
        assertEquals(new Shop.Product(product, "Workflow crash poor " + mode, PRICE, 10, 0), Shop.product(product));
        assertEquals(new Shop.Account(buyer, 2 * PRICE - 1, 0), Shop.account(buyer));
        if (mode.equals("saga")) {
            Shop.order(gid).then().statusCode(200).body("status", equalTo("CANCELLED"));
            assertEquals(List.of("DEDUCT 2", "REFUND 2"), StockDb.stockMovements(gid));
        } else {
            Shop.order(gid).then().statusCode(404);
            assertEquals(List.of(), StockDb.stockMovements(gid));
        }
        assertEquals(List.of("01 action succeed", "02 action succeed", "03 action failed",
                "03 rollback succeed", "02 rollback succeed", "01 rollback succeed"), DtmHttp.branches(gid));
        TccXaPurchaseIT.assertNothingPrepared(gid);
    }

    /**
     * A branch that does not answer in time counts as a failure, and its own rollback runs too
     * (compensateErrorBranch) - because a timed-out Try may still commit later. Here order-service's
     * TryCreateOrder blocks on the orders table (the test holds LOCK TABLES ... WRITE): the shop gives
     * up on it after its branch timeout and rolls back, but the Cancel cannot get past the Try's
     * barrier row either, so the purchase answers 202. Once the lock goes, the Try commits a PENDING
     * order after all; DTM calls the workflow back, the Cancel now finds the Try and cancels the
     * order, the stock reservation is released, and no money moved.
     */
    @Test
    void branchTimingOutIsRolledBackEvenIfItCommitsLater() throws Exception {
        long product = ShopDb.newProduct("Workflow slow order", PRICE, 10);
        long buyer = ShopDb.newAccount(100_000);
        Response response;
        try (Connection orders = ShopDb.connect(ShopDb.ORDER); Statement sql = orders.createStatement()) {
            sql.execute("LOCK TABLES orders WRITE");
            try {
                response = Shop.purchase("workflow/tcc", buyer, product, 2);
            } finally {
                sql.execute("UNLOCK TABLES");
            }
        }

        response.then().statusCode(202).body("status", equalTo("submitted"));
        String gid = response.jsonPath().getString("gid");
        await().atMost(DTM_RESUMES).pollInterval(Duration.ofSeconds(1))
                .until(() -> DtmHttp.status(gid), equalTo("failed"));
        assertEquals(new Shop.Product(product, "Workflow slow order", PRICE, 10, 0), Shop.product(product));
        assertEquals(new Shop.Account(buyer, 100_000, 0), Shop.account(buyer));
        Shop.order(gid).then().statusCode(200).body("status", equalTo("CANCELLED"));
        assertEquals(List.of("RESERVE 2", "RELEASE 2"), StockDb.stockMovements(gid));
        assertEquals(List.of("01 action succeed", "02 action failed", "02 rollback succeed", "01 rollback succeed"),
                DtmHttp.branches(gid));
    }

    /**
     * Starts the purchase with the buyer's account row held, waits until DTM records branches 01
     * and 02, kills shop-service, lets the row go, and starts shop-service again.
     *
     * @return the workflow's gid, still "prepared" in DTM when shop-service came back
     */
    private static String killShopAfterTwoBranches(String mode, long buyer, long product, int quantity)
            throws Exception {
        String data = workflowData(buyer, product, quantity);
        String gid;
        Response response;
        try (Connection payment = ShopDb.connect(ShopDb.PAYMENT);
             PreparedStatement hold = payment.prepareStatement(
                     "SELECT balance_cents FROM account WHERE user_id = ? FOR UPDATE")) {
            payment.setAutoCommit(false);
            hold.setLong(1, buyer);
            hold.executeQuery().close();

            CompletableFuture<Response> purchase = CompletableFuture.supplyAsync(
                    () -> Shop.purchase("workflow/" + mode, buyer, product, quantity));
            gid = await().atMost(RECORDED).pollInterval(Duration.ofMillis(100))
                    .until(() -> preparedWorkflow("workflow-" + mode, data), Objects::nonNull);
            await().atMost(RECORDED).pollInterval(Duration.ofMillis(100))
                    .until(() -> DtmHttp.branches(gid), equalTo(List.of("01 action succeed", "02 action succeed")));

            Stack.kill("shop-service"); // SIGKILL: no shutdown hook, the purchase in flight just stops
            try {
                payment.rollback(); // branch 03 in payment-service goes on, with nobody left to record it
                response = purchase.get(60, TimeUnit.SECONDS);
                assertEquals("prepared", DtmHttp.status(gid));
            } finally {
                Stack.up("shop-service");
            }
        }
        // The gateway lost shop-service in the middle of the call: it cannot know the outcome, but it
        // made the gid, so the buyer has the handle of the purchase DTM goes on with.
        response.then().statusCode(202).body("status", equalTo("submitted")).body("gid", equalTo(gid))
                .body("message", containsString("no outcome from shop-service"));
        return gid;
    }

    /** The purchase's workflow data as DTM shows it in custom_data (base64). */
    private static String workflowData(long buyer, long product, int quantity) {
        return Base64.getEncoder().encodeToString(WorkflowPurchaseData.newBuilder().setUserId(buyer)
                .setProductId(product).setQuantity(quantity).setPriceCents(PRICE).build().toByteArray());
    }

    /** The gid of the prepared workflow {@code name} whose data is {@code base64Data}, from DTM's list; null if none yet. */
    private static String preparedWorkflow(String name, String base64Data) {
        for (Map<String, Object> t : DtmHttp.transactions("prepared", "workflow")) {
            JsonPath custom = JsonPath.from(String.valueOf(t.get("custom_data")));
            if (name.equals(custom.getString("name")) && base64Data.equals(custom.getString("data"))) {
                return String.valueOf(t.get("gid"));
            }
        }
        return null;
    }
}
