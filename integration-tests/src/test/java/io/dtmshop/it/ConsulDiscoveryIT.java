package io.dtmshop.it;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** DTM and every service are in Consul, in the shape DTM's kratos resolver reads, and leave it when stopped. */
@ExtendWith(StackExtension.class)
class ConsulDiscoveryIT {

    private static final Duration CONSUL_NOTICES = Duration.ofSeconds(60);

    @Test
    void dtmAndEveryServiceAreRegisteredAndHealthy() {
        for (String service : List.of("dtm-service", "stock-service", "order-service", "payment-service",
                "shop-service", "shop-gateway")) {
            assertFalse(Consul.healthyInstances(service).isEmpty(), service + " is not healthy in Consul");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void servicesCarryTheGrpcTaggedAddressDtmResolves() {
        for (String service : List.of("dtm-service", "stock-service", "order-service", "payment-service")) {
            Map<String, Object> instance = Consul.healthyInstances(service).get(0);
            Map<String, Object> tagged = (Map<String, Object>) instance.get("TaggedAddresses");
            Map<String, Object> grpc = (Map<String, Object>) tagged.get("grpc");
            assertEquals("grpc://" + instance.get("Address") + ":" + instance.get("Port"), grpc.get("Address"), service);
        }
    }

    @Test
    void stoppedServiceLeavesConsulAndPurchasesAnswer503UntilItIsBack() {
        Shop.Product before = Shop.product(1);
        Stack.down("payment-service");
        try {
            await().atMost(CONSUL_NOTICES).until(() -> Consul.healthyInstances("payment-service").isEmpty());
            Shop.purchase("saga", 1, 1, 1).then().statusCode(503)
                    .body("message", containsString("payment-service"));
            assertEquals(before, Shop.product(1), "nothing half-done");
        } finally {
            Stack.up("payment-service");
        }
        // Once the shop's discovery sees payment-service again, purchases go through; DTM resolves
        // discovery:///payment-service through Consul at the new registration. A purchase caught
        // in between is held by DTM (202) and finished by it later: count it too.
        int[] bought = {0};
        await().atMost(CONSUL_NOTICES).pollInterval(Duration.ofMillis(500)).until(() -> {
            int status = Shop.purchase("saga", 1, 1, 1).statusCode();
            if (status == 200 || status == 202) {
                bought[0]++;
            }
            return status == 200;
        });
        await().atMost(CONSUL_NOTICES).until(() -> Shop.product(1).quantity() == before.quantity() - bought[0]);
    }

    @Test
    void unreachableDtmAnswers503AndChangesNothing() {
        assumeFalse(Stack.useDocker(), "DTM runs as a container here: stack.sh cannot stop it");
        Shop.Product before = Shop.product(1);
        Stack.down("dtm");
        try {
            await().atMost(CONSUL_NOTICES).untilAsserted(() ->
                    Shop.purchase("saga", 1, 1, 1).then().statusCode(503).body("message", containsString("dtm-service cannot be reached")));
            assertEquals(before, Shop.product(1));
        } finally {
            Stack.up("dtm");
        }
        // The shop finds DTM again (so the next test starts from a working stack), and buys exactly once.
        await().atMost(CONSUL_NOTICES).pollInterval(Duration.ofMillis(500)).until(() -> {
            int status = Shop.purchase("saga", 1, 1, 1).statusCode();
            assertTrue(status == 200 || status == 503, "a purchase either goes through or is refused untouched");
            return status == 200;
        });
        assertEquals(before.quantity() - 1, Shop.product(1).quantity());
    }

    /**
     * A service that first looks DTM up while DTM is down must find DTM once it is back. Quarkus
     * 3.30's Stork resolver left such a channel connecting for good (quarkus#54425): every XA branch
     * of the restarted payment-service then timed out registering with DTM until it was restarted
     * again. The readiness probe is the first call on each one's DTM channel.
     */
    @Test
    void servicesStartedWhileDtmIsDownFindDtmOnceItIsBack() {
        assumeFalse(Stack.useDocker(), "DTM runs as a container here: stack.sh cannot stop it");
        List<String> restarted = List.of("payment-service", "shop-service");
        Stack.down("dtm");
        try {
            await().atMost(CONSUL_NOTICES).until(() -> Consul.healthyInstances("dtm-service").isEmpty());
            Stack.kill(restarted.toArray(String[]::new));
            Stack.up(restarted.toArray(String[]::new));
            for (String service : restarted) {
                assertEquals("DOWN", readiness(service).getString("status"), service + " sees DTM down");
            }
        } finally {
            Stack.up("dtm");
        }
        for (String service : restarted) {
            await(service + " ready with DTM back").atMost(CONSUL_NOTICES).pollInterval(Duration.ofSeconds(1))
                    .until(() -> "UP".equals(readiness(service).getString("status")));
        }
        // An XA purchase needs both: the shop begins it at DTM, payment-service registers its branch.
        await("an xa purchase").atMost(CONSUL_NOTICES).pollInterval(Duration.ofSeconds(1))
                .until(() -> Shop.purchase("xa", 1, 1, 1).statusCode() == 200);
    }

    /** GET /q/health/ready of a service (200 UP, 503 DOWN). */
    private static JsonPath readiness(String service) {
        return RestAssured.given().baseUri(Consul.httpBase(service)).get("/q/health/ready")
                .then().extract().jsonPath();
    }
}
