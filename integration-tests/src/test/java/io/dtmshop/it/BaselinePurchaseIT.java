package io.dtmshop.it;

import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The benchmark baselines through the gateway ({@code POST /shop/baseline/direct|local}): the same
 * rows as a SAGA when everything succeeds; {@code local} is all or nothing, {@code direct} stops
 * at the first refusal and compensates nothing. Each test buys from its own product and account.
 */
@ExtendWith(StackExtension.class)
class BaselinePurchaseIT {

    private static final long PRICE = 1234;

    @Test
    void directWritesTheSameRowsAsASaga() throws SQLException {
        purchaseWritesTheRows("direct");
    }

    @Test
    void localWritesTheSameRowsAsASaga() throws SQLException {
        purchaseWritesTheRows("local");
    }

    private static void purchaseWritesTheRows(String baseline) throws SQLException {
        long product = ShopDb.newProduct(baseline + " baseline product", PRICE, 10);
        long user = ShopDb.newAccount(100_000);

        Response response = Shop.purchase("baseline/" + baseline, user, product, 2);

        response.then().statusCode(200)
                .body("mode", equalTo(baseline))
                .body("status", equalTo("succeed"))
                .body("orderNo", not(emptyOrNullString()));
        String orderNo = response.jsonPath().getString("orderNo");
        assertEquals(8, Shop.product(product).quantity());
        assertEquals(0, Shop.product(product).locked());
        assertEquals(new Shop.Account(user, 100_000 - 2 * PRICE, 0), Shop.account(user));
        Shop.order(orderNo).then().statusCode(200)
                .body("status", equalTo("CREATED"))
                .body("userId", equalTo((int) user))
                .body("quantity", equalTo(2))
                .body("amountCents", equalTo((int) (2 * PRICE)));
        assertEquals("PAID " + 2 * PRICE, payment(orderNo));
        assertEquals("DEDUCT 2", stockLog(orderNo));
    }

    @Test
    void localNotEnoughStockChangesNothing() throws SQLException {
        long product = ShopDb.newProduct("local baseline, 3 units", PRICE, 3);
        long user = ShopDb.newAccount(100_000);

        Response response = Shop.purchase("baseline/local", user, product, 4);

        response.then().statusCode(409)
                .body("status", equalTo("failed"))
                .body("message", containsString("not enough stock for product " + product + ": requested 4, available 3"));
        assertNothingWritten(product, 3, user, 100_000, response.jsonPath().getString("orderNo"));
    }

    @Test
    void localNotEnoughMoneyRollsBackTheStockAndTheOrder() throws SQLException {
        long product = ShopDb.newProduct("local baseline, poor buyer", PRICE, 3);
        long user = ShopDb.newAccount(PRICE - 1);

        Response response = Shop.purchase("baseline/local", user, product, 1);

        // The stock UPDATE and the order INSERT ran before the balance UPDATE refused: one rollback undoes both.
        response.then().statusCode(409)
                .body("status", equalTo("failed"))
                .body("message", containsString("insufficient balance for user " + user));
        assertNothingWritten(product, 3, user, PRICE - 1, response.jsonPath().getString("orderNo"));
    }

    @Test
    void directNotEnoughStockChangesNothing() throws SQLException {
        long product = ShopDb.newProduct("direct baseline, 3 units", PRICE, 3);
        long user = ShopDb.newAccount(100_000);

        Response response = Shop.purchase("baseline/direct", user, product, 4);

        // The first call refused, so there was nothing to compensate.
        response.then().statusCode(409)
                .body("status", equalTo("failed"))
                .body("message", containsString("not enough stock"))
                .body("message", containsString("nothing was written"));
        assertNothingWritten(product, 3, user, 100_000, response.jsonPath().getString("orderNo"));
    }

    /**
     * Why {@code direct} is only a yardstick: a refused payment leaves the stock deducted and the
     * order CREATED, unpaid, for good. The test then puts the rows back by hand, so the data stays
     * consistent for the tests (and the audit) that share this stack.
     */
    @Test
    void directNotEnoughMoneyLeavesStockDeductedAndOrderUnpaid() throws SQLException {
        long product = ShopDb.newProduct("direct baseline, poor buyer", PRICE, 3);
        long user = ShopDb.newAccount(PRICE - 1);

        Response response = Shop.purchase("baseline/direct", user, product, 1);

        response.then().statusCode(409)
                .body("status", equalTo("failed"))
                .body("message", containsString("insufficient balance for user " + user))
                .body("message", containsString("not compensated: the stock stays deducted and the order CREATED"));
        String orderNo = response.jsonPath().getString("orderNo");
        try {
            assertEquals(2, Shop.product(product).quantity());
            assertEquals(new Shop.Account(user, PRICE - 1, 0), Shop.account(user));
            Shop.order(orderNo).then().statusCode(200).body("status", equalTo("CREATED"));
            assertNull(payment(orderNo));
        } finally {
            undoByHand(orderNo, product, 1);
        }
    }

    private static void assertNothingWritten(long product, int quantity, long user, long balanceCents, String orderNo)
            throws SQLException {
        assertEquals(quantity, Shop.product(product).quantity());
        assertEquals(new Shop.Account(user, balanceCents, 0), Shop.account(user));
        Shop.order(orderNo).then().statusCode(404);
        assertNull(payment(orderNo));
        assertNull(stockLog(orderNo));
    }

    /** "status amount" of the order's payment, or null when there is none. */
    private static String payment(String orderNo) throws SQLException {
        return single(ShopDb.PAYMENT, "SELECT CONCAT(status, ' ', amount_cents) FROM payment WHERE order_no = ?", orderNo);
    }

    /** "op quantity" of the order's stock log rows, or null when there are none. */
    private static String stockLog(String orderNo) throws SQLException {
        return single(ShopDb.STOCK, "SELECT GROUP_CONCAT(op, ' ', quantity) FROM stock_deduction_log WHERE order_no = ?",
                orderNo);
    }

    private static String single(String database, String sql, String orderNo) throws SQLException {
        try (Connection c = ShopDb.connect(database); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, orderNo);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /**
     * What a SAGA's compensations would have done for a direct purchase whose payment was refused:
     * RefundStock (units back, a REFUND log row) and RefundOrder (order CANCELLED).
     */
    private static void undoByHand(String orderNo, long product, int quantity) throws SQLException {
        try (Connection c = ShopDb.connect(ShopDb.STOCK);
             PreparedStatement restore = c.prepareStatement("UPDATE stock SET quantity = quantity + ? WHERE product_id = ?");
             PreparedStatement log = c.prepareStatement("INSERT INTO stock_deduction_log "
                     + "(order_no, branch_id, product_id, quantity, op) VALUES (?, '01', ?, ?, 'REFUND')")) {
            restore.setInt(1, quantity);
            restore.setLong(2, product);
            restore.executeUpdate();
            log.setString(1, orderNo);
            log.setLong(2, product);
            log.setInt(3, quantity);
            log.executeUpdate();
        }
        try (Connection c = ShopDb.connect(ShopDb.ORDER);
             PreparedStatement cancel = c.prepareStatement("UPDATE orders SET status = 'CANCELLED' WHERE order_no = ?")) {
            cancel.setString(1, orderNo);
            cancel.executeUpdate();
        }
    }
}
