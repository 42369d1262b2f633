package io.dtmshop.it;

import io.dtmshop.it.dtmclient.DtmHttp;
import io.dtmshop.proto.shop.v1.PurchaseReply;
import io.dtmshop.proto.shop.v1.PurchaseRequest;
import io.dtmshop.proto.shop.v1.ShopServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A shop-service replica killed ({@code kill -9}) while its purchase holds XA rows or a TCC
 * reservation: the other replica takes the purchase over (shop-service's CoordinatorTakeoverJob,
 * README "Running more than one of everything") - it aborts an XA or TCC purchase and resumes a
 * workflow - so a purchase of the same product made meanwhile succeeds, instead of waiting for the
 * rows until DTM's TimeoutToFail (35 s, looked at every 10 s) and being rolled back after its
 * branch timeout (10 s).
 * <p>
 * Each test holds the first buyer's account row, so the dead purchase stops at its last branch
 * (payment) with stock and order done; kills shop-service-2 there; lets the row go; and buys the
 * same product through the gateway.
 */
@ExtendWith({StackExtension.class, ConsistentAfterEach.class})
class CoordinatorTakeoverIT {

    private static final long PRICE = 1_000;
    /** A dead purchase at its payment branch: stock and order done before it. */
    private static final Duration AT_PAYMENT = Duration.ofSeconds(20);
    /** DTM ends what the takeover handed it (an abort, a resumed workflow). */
    private static final Duration DTM_FINISHES = Duration.ofSeconds(60);

    private static int secondShopPort;

    @BeforeAll
    static void startSecondShop() {
        Set<Integer> before = shopPorts();
        Stack.up("shop-service-2");
        Set<Integer> added = shopPorts().stream().filter(p -> !before.contains(p)).collect(Collectors.toSet());
        assertEquals(1, added.size(), "shop-service-2 in Consul: " + added);
        secondShopPort = added.iterator().next();
    }

    @BeforeEach
    void secondShopRunning() {
        Stack.up("shop-service-2");
        await("shop-service-2 passing in Consul").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> shopPorts().contains(secondShopPort));
    }

    @AfterAll
    static void stopSecondShop() {
        Stack.down("shop-service-2");
    }

    /**
     * XA: the dead purchase's stock and order branches stay prepared, the product's stock row locked.
     * The purchase made meanwhile waits for that row; it succeeds once the takeover aborted the dead
     * one (DTM rolls its branches back, and stores why).
     */
    @ParameterizedTest
    @ValueSource(strings = {"xa", "workflow/xa"})
    void aPurchaseBehindTheRowsOfAKilledShopSucceeds(String mode) throws Exception {
        long product = ShopDb.newProduct("Takeover " + mode, PRICE, 10);
        long deadBuyer = ShopDb.newAccount(100_000);
        long buyer = ShopDb.newAccount(100_000);
        String deadGid = killSecondShopAtPayment(mode, deadBuyer, product, 1);

        Response response = Shop.purchase("tcc", buyer, product, 1);
        assertEquals(200, response.statusCode(), "bought behind the rows of the killed shop: " + response.asString());

        await("DTM ends the killed shop's purchase").atMost(DTM_FINISHES).pollInterval(Duration.ofMillis(500))
                .until(() -> Set.of("succeed", "failed").contains(DtmHttp.status(deadGid)));
        if (mode.equals("xa")) {
            assertEquals("failed", DtmHttp.status(deadGid));
            assertTrue(DtmHttp.transaction(deadGid, "rollback_reason").contains("shop-service"),
                    "aborted by the takeover, not by DTM's timeout: " + DtmHttp.transaction(deadGid, "rollback_reason"));
        }
        TccXaPurchaseIT.assertNothingPrepared(deadGid);
    }

    /**
     * TCC: the dead purchase reserved the whole stock (frozen by its Try). Once the takeover aborted
     * it, DTM's Cancel gives the stock back and the product sells again - well before DTM's own
     * TimeoutToFail would have.
     */
    @Test
    void theStockAKilledShopReservedSellsAgain() throws Exception {
        long product = ShopDb.newProduct("Takeover tcc", PRICE, 2);
        long deadBuyer = ShopDb.newAccount(100_000);
        long buyer = ShopDb.newAccount(100_000);
        String deadGid = killSecondShopAtPayment("tcc", deadBuyer, product, 2);

        await("DTM ends the killed shop's purchase").atMost(DTM_FINISHES).pollInterval(Duration.ofMillis(500))
                .until(() -> "failed".equals(DtmHttp.status(deadGid)));
        assertTrue(DtmHttp.transaction(deadGid, "rollback_reason").contains("shop-service"),
                "aborted by the takeover, not by DTM's timeout: " + DtmHttp.transaction(deadGid, "rollback_reason"));
        assertEquals(200, Shop.purchase("tcc", buyer, product, 2).statusCode());
    }

    /**
     * Starts a purchase on shop-service-2 with the buyer's account row held, kills shop-service-2
     * once the purchase waits at its payment branch, lets the row go, and answers the purchase's gid.
     */
    private static String killSecondShopAtPayment(String mode, long buyer, long product, int quantity) throws Exception {
        String gid = "takeover-" + mode.replace('/', '-') + "-" + System.nanoTime();
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", secondShopPort).usePlaintext().build();
        try (Connection payment = ShopDb.connect(ShopDb.PAYMENT); Statement sql = payment.createStatement()) {
            payment.setAutoCommit(false);
            sql.executeQuery("SELECT balance_cents FROM account WHERE user_id = " + buyer + " FOR UPDATE").close();
            PurchaseRequest request = PurchaseRequest.newBuilder().setUserId(buyer).setProductId(product)
                    .setQuantity(quantity).setGid(gid).build();
            ShopServiceGrpc.ShopServiceBlockingStub shop = ShopServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(60, TimeUnit.SECONDS);
            CompletableFuture<PurchaseReply> purchase = CompletableFuture.supplyAsync(() -> switch (mode) {
                case "xa" -> shop.purchaseXa(request);
                case "tcc" -> shop.purchaseTcc(request);
                case "workflow/xa" -> shop.purchaseWorkflowXa(request);
                default -> throw new IllegalArgumentException(mode);
            });
            await(mode + " purchase at its payment branch").atMost(AT_PAYMENT).pollInterval(Duration.ofMillis(100))
                    .until(() -> stockAndOrderDone(mode, gid) || purchase.isDone());
            assertTrue(!purchase.isDone(), () -> "the purchase ended before it reached payment: " + purchase.join());
            Stack.kill("shop-service-2");
            payment.rollback();
        } finally {
            Grpc.close(channel);
        }
        return gid;
    }

    /**
     * The stock and order branches are done, so the payment branch is next: in XA both are prepared
     * (XA RECOVER lists them); in TCC the order's Try has written the order.
     */
    private static boolean stockAndOrderDone(String mode, String gid) throws Exception {
        return mode.equals("tcc") ? Shop.order(gid).statusCode() == 200 : ShopDb.preparedXids(gid).size() == 2;
    }

    private static Set<Integer> shopPorts() {
        return Consul.healthyInstances("shop-service").stream().map(i -> ((Number) i.get("Port")).intValue())
                .collect(Collectors.toSet());
    }

}
