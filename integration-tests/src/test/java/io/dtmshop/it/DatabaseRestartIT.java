package io.dtmshop.it;

import io.dtmshop.dtm.BranchContext;
import io.dtmshop.proto.stock.v1.StockRequest;
import io.dtmshop.proto.stock.v1.StockServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * MariaDB killed (SIGKILL) and started again. Every connection in the services' pools dies with
 * it. While it is down, reads and the audit answer 503 naming the service and its database, and a
 * branch answers UNAVAILABLE (which DTM retries), not ABORTED. Once MariaDB accepts connections
 * again, the very next requests all succeed: the pools hand out no dead connection. The purchases'
 * products and buyer are audited afterwards ({@link ConsistentAfterEach}).
 */
@ExtendWith({StackExtension.class, ConsistentAfterEach.class})
class DatabaseRestartIT {

    private static final long PRICE = 500;
    /** A service notices the outage on its next call; the bound only covers a slow machine. */
    private static final Duration OUTAGE_NOTICED = Duration.ofSeconds(30);
    private static final Duration PURCHASE = Duration.ofSeconds(120);

    @Test
    void whileMariadbIsDownEveryServiceSaysSoAndOnceItIsBackNoRequestFails() throws Exception {
        assumeFalse(Stack.useDocker(), "MariaDB runs as a container here: stack.sh cannot kill it");
        long product = ShopDb.newProduct("Restart lamp", PRICE, 1000);
        long buyer = ShopDb.newAccount(1_000_000);
        // Purchases in parallel, so that each service's pool holds several connections to lose.
        List<String> orders = purchaseInEveryModeAtOnce(buyer, product);

        Stack.kill("mariadb");
        try {
            await("reads while MariaDB is down").atMost(OUTAGE_NOTICED).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        unavailable(Shop.given().get("/shop/products/{id}", product), "stock-service", "stock_db");
                        unavailable(Shop.given().get("/shop/accounts/{id}", buyer), "payment-service", "payment_db");
                        unavailable(Shop.order(orders.get(0)), "order-service", "order_db");
                        unavailable(Shop.audit(List.of(product), List.of(buyer)), "stock-service", "stock_db");
                    });
            StatusRuntimeException branch = assertThrows(StatusRuntimeException.class, () -> deductStock(product));
            assertEquals(Status.Code.UNAVAILABLE, branch.getStatus().getCode(), "DTM retries it: " + branch);
            assertTrue(branch.getStatus().getDescription().contains("stock_db"), branch.getStatus().getDescription());
        } finally {
            Stack.up("mariadb");
        }

        // The very next requests, one after the other.
        for (String mode : AuditIT.MODES) {
            Shop.purchase(mode, buyer, product, 1).then().statusCode(200).body("status", equalTo("succeed"));
        }
        Shop.given().get("/shop/products/{id}", product).then().statusCode(200);
        Shop.given().get("/shop/accounts/{id}", buyer).then().statusCode(200);
        Shop.order(orders.get(0)).then().statusCode(200);
    }

    /** The eight modes' purchases at once, each answered 200; their order numbers. */
    private static List<String> purchaseInEveryModeAtOnce(long buyer, long product) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(AuditIT.MODES.size());
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (String mode : AuditIT.MODES) {
                answers.add(pool.submit(() -> Shop.purchase(mode, buyer, product, 1)));
            }
            List<String> orders = new ArrayList<>();
            for (Future<Response> answer : answers) {
                Response response = answer.get(PURCHASE.toSeconds(), TimeUnit.SECONDS);
                response.then().statusCode(200);
                orders.add(response.jsonPath().getString("orderNo"));
            }
            return orders;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void unavailable(Response response, String service, String database) {
        response.then().statusCode(503).body("message", containsString(service)).body("message", containsString(database));
    }

    /** A saga action on stock-service, as DTM sends it (the request itself would be accepted). */
    private static void deductStock(long product) throws InterruptedException {
        ManagedChannel stock = Grpc.channelTo("stock-service");
        try {
            String gid = "restart" + UUID.randomUUID().toString().replace("-", "");
            StockServiceGrpc.newBlockingStub(stock).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .withInterceptors(SignedBranch.attach(new BranchContext(gid, "saga", "01", "action", "")))
                    .deductStock(StockRequest.newBuilder().setOrderNo(gid).setProductId(product).setQuantity(1).build());
        } finally {
            Grpc.close(stock);
        }
    }
}
