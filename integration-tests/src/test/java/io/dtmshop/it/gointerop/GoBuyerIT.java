package io.dtmshop.it.gointerop;

import io.dtmshop.dtm.BranchToken;
import io.dtmshop.it.ConsistentAfterEach;
import io.dtmshop.it.Consul;
import io.dtmshop.it.Shop;
import io.dtmshop.it.ShopDb;
import io.dtmshop.it.SignedBranch;
import io.dtmshop.it.Stack;
import io.dtmshop.it.StackExtension;
import io.dtmshop.it.dtmclient.DtmHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * DTM's official Go client driving the shop's Java branch services: {@code dtmshop-interop buy}
 * (integration-tests/src/test/go/buy.go) buys as the shop's modes do - deduct stock, create the order,
 * pay - and signs each transaction with the stack's branch token (BranchHeaders), which the Java
 * services require: this is the Go-to-Java test of the token. Committed and rolled back, in every
 * mode; what happened is read from the gateway, DTM's HTTP query API and the audit
 * ({@link ConsistentAfterEach}).
 */
@ExtendWith({StackExtension.class, ConsistentAfterEach.class})
class GoBuyerIT {

    private static final long PRICE_CENTS = 1250;

    private static GoInterop.Purchase buy(String mode, long user, long product, int quantity) {
        Map<String, String> services = Map.of("stock-service", Consul.address("stock-service"),
                "order-service", Consul.address("order-service"), "payment-service", Consul.address("payment-service"));
        return GoInterop.buy(mode, Consul.address("dtm-service"), services, Stack.branchTokenSecrets(), user, product,
                quantity, PRICE_CENTS * quantity);
    }

    /** DTM's status once the transaction ended (a TCC or XA ends after Go's client returned). */
    private static String finalStatus(String gid) {
        return GoLedgerIT.finalStatus(gid);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"saga, CREATED", "tcc, CONFIRMED", "xa, CREATED", "msg, UNPAID", "workflow, CREATED"})
    void goBuysFromTheJavaServices(String mode, String orderStatus) throws Exception {
        long product = ShopDb.newProduct("Go buyer " + mode, PRICE_CENTS, 5);
        long user = ShopDb.newAccount(100_000);

        GoInterop.Purchase purchase = buy(mode, user, product, 2);

        assertEquals("succeed", purchase.outcome(), purchase.output());
        assertEquals(0, purchase.exitCode());
        assertEquals("succeed", finalStatus(purchase.gid()));
        assertEquals(3, Shop.product(product).quantity());
        Shop.order(purchase.gid()).then().statusCode(200).body("status", equalTo(orderStatus));
        // the 2-phase message places the order unpaid: payment is not part of it
        assertEquals(mode.equals("msg") ? 100_000 : 100_000 - 2 * PRICE_CENTS, Shop.account(user).balanceCents());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"saga, 200", "tcc, 200", "xa, 404", "workflow, 200"})
    void goRollsBackWhenTheJavaPaymentRefuses(String mode, int orderAnswer) throws Exception {
        long product = ShopDb.newProduct("Go buyer, poor " + mode, PRICE_CENTS, 5);
        long user = ShopDb.newAccount(100);

        GoInterop.Purchase purchase = buy(mode, user, product, 2);

        assertEquals("failed", purchase.outcome(), purchase.output());
        assertEquals(3, purchase.exitCode());
        assertEquals("failed", finalStatus(purchase.gid()));
        assertEquals(5, Shop.product(product).quantity());
        assertEquals(100, Shop.account(user).balanceCents());
        Shop.order(purchase.gid()).then().statusCode(orderAnswer); // 200: CANCELLED; xa: the insert rolled back
    }

    @Test
    void goAbortsAMessageWhoseJavaLocalStepRefuses() throws Exception {
        long product = ShopDb.newProduct("Go buyer, msg short", PRICE_CENTS, 1);
        long user = ShopDb.newAccount(100_000);

        GoInterop.Purchase purchase = buy("msg", user, product, 2);

        assertEquals("failed", purchase.outcome(), purchase.output());
        assertEquals("failed", finalStatus(purchase.gid()));
        assertEquals(1, Shop.product(product).quantity());
        Shop.order(purchase.gid()).then().statusCode(404);
    }

    /** Go's signer and dtm-client's BranchToken give the same token: the stack's secret and a fixed vector. */
    @Test
    void goSignsAsJavaVerifies() throws Exception {
        String secret = Files.readAllLines(Stack.branchTokenSecrets()).get(0).strip();
        String gid = "Kf8xZ2aBcDeFgH";
        assertEquals(SignedBranch.token().sign("saga", gid), GoInterop.token(secret, "saga", gid));
        assertEquals(BranchToken.Verdict.VALID, SignedBranch.token().verify(GoInterop.token(secret, "xa", gid), "xa", gid));

        String vectorSecret = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="; // dtm-client's BranchTokenTest
        assertEquals("v1.3eb1bd43.KO4t3yFJUFcZ3mojZgrNq9MWJszTOQG0KboOwV4m3FM", GoInterop.token(vectorSecret, "xa", gid));
        assertEquals(BranchToken.of(List.of(vectorSecret)).sign("xa", gid), GoInterop.token(vectorSecret, "xa", gid));
    }
}
