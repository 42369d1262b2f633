package io.dtmshop.it;

import io.dtmshop.dtm.BranchContext;
import io.dtmshop.dtm.ChannelBranchInvoker;
import io.dtmshop.it.dtmclient.DtmHttp;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Purchases in every mode keep coming while each component of the stack in turn is killed
 * ({@code kill -9}) and started again; afterwards DTM's own branch calls are sent again, repeated
 * and late, with the metadata DTM recorded. Then, once DTM has finished everything:
 * <ul>
 * <li>the audit holds for the suite's product and buyers, and DTM has nothing unfinished;</li>
 * <li>every answer was one a buyer can act on (no 500);</li>
 * <li>nothing is lost: every purchase answered 200 has its order (and payment), every 409 has none;
 *     DTM finished each the way the buyer was told;</li>
 * <li>nothing is doubled: no order took stock twice;</li>
 * <li>the replayed branch calls changed nothing;</li>
 * <li>every mode works again.</li>
 * </ul>
 * Every wait is a condition polled with a bound; the suite takes a few minutes, most of it the
 * restarts and DTM's retry intervals.
 */
@ExtendWith(StackExtension.class)
class FaultInjectionIT {

    /**
     * The components killed in turn: every service, then DTM. The shop and the gateway go first, so
     * that at the end the shop's channels to the others must have come back by themselves.
     */
    private static final List<String> VICTIMS = List.of("shop-service", "shop-gateway", "stock-service",
            "order-service", "payment-service", "dtm");
    private static final int WORKERS = 4;
    /**
     * Bounds of the waits: a restart is within stack.sh's own wait; DTM retries at 10s, doubling.
     * RECOVERY: rows an XA branch prepared before its service died stay locked until DTM's phase 2
     * gets through, and each of DTM's tries during the outage doubled the wait for the next (10 +
     * 20 + 40 + 80 s): purchases of that product wait or time out until then (seen past 150 s on a
     * loaded machine).
     */
    private static final Duration OUTAGE = Duration.ofSeconds(90);
    private static final Duration RECOVERY = Duration.ofSeconds(300);
    private static final Duration DTM_FINISHES = Duration.ofMinutes(5);

    @Test
    void killingEachComponentMidPurchaseLosesAndDoublesNothing() throws Exception {
        PurchaseLoad load = new PurchaseLoad("Fault injection", WORKERS);
        load.start();
        try {
            load.awaitSucceeded(System.nanoTime(), WORKERS, RECOVERY);
            for (String victim : VICTIMS) {
                load.phase(victim + " down");
                Stack.kill(victim);
                long killed = System.nanoTime();
                // Purchases run into the hole (those in flight when it died, and new ones): wait until
                // as many have ended as there are workers.
                await("purchases ended while " + victim + " is down").atMost(OUTAGE).pollInterval(Duration.ofMillis(200))
                        .until(() -> load.endedSince(killed) >= WORKERS);
                Stack.up(victim);
                load.phase(victim + " back");
                load.awaitSucceeded(System.nanoTime(), WORKERS, RECOVERY);
            }
        } finally {
            load.stop();
            // Should the test have stopped half-way, leave no component down for the ITs after it.
            Stack.up(VICTIMS.toArray(String[]::new));
        }

        System.out.println("fault injection: answers per mode " + load.answersPerMode());
        System.out.println("fault injection: answers per phase " + load.answersPerPhase());
        // Every transaction, also those whose gid never reached a buyer (the shop died first).
        await("DTM finished every transaction").atMost(DTM_FINISHES).pollInterval(Duration.ofSeconds(2))
                .until(() -> PurchaseLoad.unfinished().isEmpty());
        load.assertAuditHolds();
        assertEveryAnswerActionable(load);
        load.assertNothingLost();
        load.assertNothingDoubled();

        List<Object> before = load.figures();
        int replayed = replayBranchCalls(load.gids());
        System.out.println("fault injection: replayed " + replayed + " branch calls DTM recorded");
        assertTrue(replayed > 0, "some branch calls were replayed");
        assertEquals(before, load.figures(), "the " + replayed + " replayed branch calls changed nothing");
        load.assertAuditHolds();
        assertEquals(PurchaseLoad.STOCK - load.unitsTaken(), Shop.product(load.product).quantity());

        // Every mode works again after all the restarts (the shop's channels recovered).
        for (String mode : AuditIT.MODES) {
            await("a " + mode + " purchase after the faults").atMost(RECOVERY).pollInterval(Duration.ofSeconds(1))
                    .until(() -> Shop.given().config(PurchaseLoad.PATIENT).body(Map.of("userId", load.buyers.get(0),
                            "productId", load.product, "quantity", 1)).post("/shop/" + mode).statusCode() == 200);
        }
        load.assertAuditHolds();
    }

    /**
     * A buyer can act on every answer: 200 bought, 409 refused, 202 DTM finishes it, 503 try again
     * (0: the gateway itself did not listen). A 500 would be a failure nobody explained.
     */
    private static void assertEveryAnswerActionable(PurchaseLoad load) {
        List<PurchaseLoad.Attempt> unexplained = load.attempts().stream()
                .filter(a -> !List.of(0, 200, 202, 409, 503).contains(a.status())).toList();
        assertEquals(List.of(), unexplained);
    }

    /** The branch headers DTM stored with a transaction ({@code options.branch_headers}, a JSON string in DTM's record). */
    private static Map<String, String> branchHeaders(JsonPath record) {
        String options = record.getString("transaction.options");
        if (options == null || options.isEmpty()) {
            return Map.of();
        }
        Map<String, String> headers = JsonPath.from(options).getMap("branch_headers");
        return headers == null ? Map.of() : headers;
    }

    /**
     * Sends DTM's own branch calls again, as DTM recorded them (URL, payload, gid, branch id, op):
     * every call of a succeeded transaction repeated, and the actions (Trys) of a rolled-back saga
     * (TCC) arriving after their compensation, late. The barrier must turn all of them into no-ops. Workflow steps
     * are the shop's own calls, with no URL at DTM, so they are not among them.
     *
     * @return how many calls were sent
     */
    private static int replayBranchCalls(List<String> gids) throws InterruptedException {
        Map<String, ManagedChannel> channels = new HashMap<>();
        ChannelBranchInvoker invoker = new ChannelBranchInvoker(
                service -> channels.computeIfAbsent(service, Grpc::channelTo), Duration.ofSeconds(10));
        int sent = 0;
        try {
            for (String gid : gids) {
                JsonPath record = DtmHttp.query(gid);
                String transType = record.getString("transaction.trans_type");
                String status = record.getString("transaction.status");
                List<Map<String, Object>> branches = record.getList("branches");
                if (transType == null || branches == null) {
                    continue;
                }
                for (Map<String, Object> branch : branches) {
                    String url = (String) branch.get("url");
                    String op = (String) branch.get("op");
                    boolean repeat = "succeed".equals(status) && "succeed".equals(branch.get("status"));
                    // Only saga and TCC compensate; a rolled-back message never had its branch sent at all.
                    boolean late = "failed".equals(status) && List.of("saga", "tcc").contains(transType)
                            && List.of("action", "try").contains(op);
                    if (url == null || url.isEmpty() || !(repeat || late)) {
                        continue;
                    }
                    String data = (String) branch.get("bin_data");
                    byte[] payload = data == null ? new byte[0] : Base64.getDecoder().decode(data);
                    BranchContext context = new BranchContext(gid, transType, (String) branch.get("branch_id"), op,
                            "", "");
                    try {
                        // with the branch headers DTM stored with the transaction (the branch token among them), as DTM sends them
                        invoker.invoke(url, payload, context, branchHeaders(record));
                    } catch (StatusRuntimeException refused) {
                        // A late action is refused (ABORTED); what counts is that nothing changed.
                    }
                    sent++;
                }
            }
        } finally {
            for (ManagedChannel channel : channels.values()) {
                Grpc.close(channel);
            }
        }
        return sent;
    }
}
