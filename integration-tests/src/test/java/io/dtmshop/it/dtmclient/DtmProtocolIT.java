package io.dtmshop.it.dtmclient;

import io.dtmshop.it.Shop;
import io.dtmshop.it.ShopDb;
import io.dtmshop.it.SignedBranch;
import io.dtmshop.proto.order.v1.CreateOrderRequest;

import org.junit.jupiter.api.extension.ExtendWith;
import io.dtmshop.it.StackExtension;
import io.dtmshop.dtm.BranchContext;
import io.dtmshop.dtm.ChannelBranchInvoker;
import io.dtmshop.dtm.DtmDuplicatedException;
import io.dtmshop.dtm.DtmException;
import io.dtmshop.dtm.DtmFailureException;
import io.dtmshop.dtm.DtmGrpcClient;
import io.dtmshop.dtm.DtmGrpcErrors;
import io.dtmshop.dtm.MsgGrpc;
import io.dtmshop.dtm.barrier.BranchBarrier;
import io.dtmshop.it.Consul;
import io.dtmshop.it.Grpc;
import io.dtmshop.proto.stock.v1.GetProductRequest;
import io.dtmshop.proto.stock.v1.StockRequest;
import io.dtmshop.proto.stock.v1.StockServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * dtm-client against the real DTM (found through Consul as dtm-service), with the stack's own
 * services as the branches DTM calls, each in a role it serves (its BranchOps table): SAGA with
 * stock-service's DeductStock/RefundStock, the 2-phase message (prepare, submit, abort, doAndSubmit
 * with stock-service's DeductStock as the remote local step and its QueryPrepared back-check, and
 * order-service's CreateOrder as the message's branch, as the shop's 2-phase message has them) and
 * DTM's answers. What DTM did is read back from DTM's HTTP query API, what the branches did from the
 * services (gRPC, the gateway) and their databases.
 *
 * <p>The test's own product and buyer: a succeeded SAGA is compensated by the test afterwards, a
 * message keeps the unit its local step took for the order it placed, and every transaction ends
 * succeeded or failed in DTM (see {@link #noWorkLeftInDtm()}).
 */
@ExtendWith(StackExtension.class)
class DtmProtocolIT {

    private static final long PRICE = 100;
    /** A product and a buyer of the test's own (a message's orders keep the units their local steps took). */
    private static long PRODUCT;
    private static long BUYER;
    private static final String STOCK = "discovery:///stock-service/stock.v1.StockService/";
    /** A message's branch, as the shop's 2-phase message delivers it: the order, placed unpaid. */
    private static final String CREATE_ORDER = "discovery:///order-service/order.v1.OrderService/CreateOrder";
    private static final String DEDUCT = STOCK + "DeductStock";
    private static final String REFUND = STOCK + "RefundStock";
    private static final String QUERY_PREPARED = STOCK + "QueryPrepared";
    /** A service Consul has never heard of: DTM cannot resolve it and keeps retrying. */
    private static final String NOWHERE = "discovery:///no-such-service/stock.v1.StockService/DeductStock";

    /** DTM's cron runs every second but re-picks a transaction only every RetryInterval (10 s) at worst. */
    private static final Duration DTM_DECIDES = Duration.ofSeconds(25);

    private static ManagedChannel dtmChannel;
    private static ManagedChannel stockChannel;
    private static DtmGrpcClient dtm;
    private static final List<String> gids = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void connect() throws SQLException {
        PRODUCT = ShopDb.newProduct("Protocol", PRICE, 1_000);
        BUYER = ShopDb.newAccount(1_000_000);
        dtmChannel = Grpc.channelTo("dtm-service");
        stockChannel = Grpc.channelTo("stock-service");
        ChannelBranchInvoker invoker = new ChannelBranchInvoker(service -> {
            if (!"stock-service".equals(service)) {
                throw new IllegalStateException("this test calls no branch of " + service);
            }
            return stockChannel;
        }, Duration.ofSeconds(10));
        // a waiting submit lasts at most DTM's RequestTimeout + 2 s
        dtm = SignedBranch.signing(new DtmGrpcClient(Consul.address("dtm-service"), dtmChannel, invoker).withDeadline(Duration.ofSeconds(20)));
    }

    /**
     * Every transaction these tests created ended in DTM. A message a failed test left prepared is
     * aborted first, so a failure here means DTM itself still has work.
     */
    @AfterAll
    static void noWorkLeftInDtm() throws InterruptedException {
        try {
            for (String gid : gids) {
                if ("prepared".equals(DtmHttp.status(gid))) {
                    try {
                        dtm.newMsg(gid).abort();
                    } catch (RuntimeException e) {
                        // DTM decided it meanwhile; checked below
                    }
                }
            }
            await().atMost(DTM_DECIDES).untilAsserted(() -> {
                List<String> open = new ArrayList<>();
                for (String gid : gids) {
                    String status = DtmHttp.status(gid);
                    if (status != null && !DtmHttp.finished(status)) {
                        open.add(gid + "=" + status);
                    }
                }
                assertEquals(List.of(), open, "transactions DTM has not finished");
            });
        } finally {
            if (dtmChannel != null) {
                Grpc.close(dtmChannel);
            }
            if (stockChannel != null) {
                Grpc.close(stockChannel);
            }
        }
    }

    private static String newGid() {
        String gid = dtm.newGid();
        gids.add(gid);
        return gid;
    }

    private static StockRequest units(String gid, int quantity) {
        return StockRequest.newBuilder().setOrderNo(gid).setProductId(PRODUCT).setQuantity(quantity).build();
    }

    /** The message's branch payload: the order of the unit its local step took, unpaid. */
    private static CreateOrderRequest unpaidOrder(String gid) {
        return CreateOrderRequest.newBuilder().setOrderNo(gid).setUserId(BUYER).setProductId(PRODUCT).setQuantity(1)
                .setAmountCents(PRICE).setAwaitingPayment(true).build();
    }

    /** The message's branch ran: its order is there, unpaid. */
    private static void assertOrderPlaced(String gid) {
        Shop.order(gid).then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("UNPAID"));
    }

    private static int stockLeft() {
        return StockServiceGrpc.newBlockingStub(stockChannel)
                .getProduct(GetProductRequest.newBuilder().setProductId(PRODUCT).build()).getQuantity();
    }

    private static StockServiceGrpc.StockServiceBlockingStub stockAs(BranchContext branch) {
        return StockServiceGrpc.newBlockingStub(stockChannel).withInterceptors(SignedBranch.attach(branch));
    }

    /** The message's local step, done by stock-service under the message's barrier. */
    private static void deductAsLocalStep(BranchBarrier bb, String gid, int quantity) {
        StockServiceGrpc.newBlockingStub(stockChannel).withInterceptors(SignedBranch.attach(bb.toBranchContext()))
                .deductStock(units(gid, quantity));
    }

    /**
     * Gives back what a succeeded SAGA step took, with the call DTM would make to compensate it: the
     * barrier lets it refund only if that step's action ran, and only once.
     */
    private static void compensate(String gid, String branchId, int quantity) {
        stockAs(new BranchContext(gid, "saga", branchId, "compensate", "")).refundStock(units(gid, quantity));
    }

    private static void awaitStatus(String gid, String status) {
        await().atMost(DTM_DECIDES).until(() -> DtmHttp.status(gid), status::equals);
    }

    private static List<String> stockBarrierRows(String gid) throws SQLException {
        return StockDb.barrierRows(BranchBarrier.SERVICE_TABLE_NAME, gid);
    }

    // --- gids ---

    @Test
    void newGidGivesDistinctIdsThatDtmDoesNotKnowYet() {
        String a = newGid();
        String b = newGid();
        assertFalse(a.isBlank());
        assertNotEquals(a, b);
        assertNull(DtmHttp.status(a), "a gid alone creates no transaction");
    }

    // --- SAGA ---

    @Test
    void sagaRunsItsActionWithItsPayload() throws SQLException {
        String gid = newGid();
        int before = stockLeft();
        try {
            dtm.newSaga(gid)
                    .add(DEDUCT, REFUND, units(gid, 1))
                    .branchHeader("x-dtmshop-it", "saga")
                    .waitResult(true)
                    .submit();

            assertEquals("succeed", DtmHttp.status(gid));
            assertEquals(List.of("01 compensate prepared", "01 action succeed"), DtmHttp.branches(gid));
            assertEquals(before - 1, stockLeft(), "the step's payload reached stock-service");
            assertEquals(List.of("DEDUCT 1"), StockDb.stockMovements(gid));
            assertEquals(List.of("saga 01 action 01 action"), stockBarrierRows(gid));
        } finally {
            compensate(gid, "01", 1);
        }
        assertEquals(before, stockLeft());
    }

    @Test
    void sagaRolledBackByABusinessFailureReportsItsReasonAndCompensates() {
        String gid = newGid();
        int before = stockLeft();

        DtmFailureException e = assertThrows(DtmFailureException.class, () -> dtm.newSaga(gid)
                .add(DEDUCT, REFUND, units(gid, 1))
                .add(DEDUCT, REFUND, units(gid, before + 1)) // more than there is
                .waitResult(true)
                .submit());

        assertTrue(e.getMessage().startsWith("url:" + DEDUCT + " return failed: "), e.getMessage());
        assertTrue(e.reason().startsWith("not enough stock for product " + PRODUCT), e.reason());
        assertTrue(e.reason().contains("stock"));
        assertFalse(e.isUnfinished(), "rolled back, not merely unfinished");
        awaitStatus(gid, "failed");
        assertTrue(DtmHttp.transaction(gid, "rollback_reason").contains("not enough stock"));
        assertTrue(DtmHttp.branches(gid).contains("01 compensate succeed"), "step 1 was compensated");
        assertEquals(before, stockLeft(), "the unit step 1 took was given back");
    }

    @Test
    void concurrentSagaWithABranchOrderRunsEveryStep() {
        String gid = newGid();
        int before = stockLeft();
        try {
            dtm.newSaga(gid)
                    .add(DEDUCT, REFUND, units(gid, 1))
                    .add(DEDUCT, REFUND, units(gid, 1))
                    .enableConcurrent()
                    .addBranchOrder(1, 0)
                    .waitResult(true)
                    .submit();

            assertEquals("succeed", DtmHttp.status(gid));
            String custom = DtmHttp.transaction(gid, "custom_data");
            assertTrue(custom.contains("\"concurrent\":true") && custom.contains("\"1\":[0]"), custom);
            assertEquals(before - 2, stockLeft());
        } finally {
            compensate(gid, "01", 1);
            compensate(gid, "02", 1);
        }
        assertEquals(before, stockLeft());
    }

    /**
     * DTM answers a waiting submit that it could not finish (its branch is unreachable, so DTM will
     * retry it) with ABORTED "wait result not return success": not a rollback. The short
     * timeoutToFail then makes DTM give the SAGA up (nothing to compensate), so no work is left.
     */
    @Test
    void waitingSubmitDtmCannotFinishIsUnfinishedNotRolledBack() {
        String gid = newGid();

        DtmFailureException e = assertThrows(DtmFailureException.class, () -> dtm.newSaga(gid)
                .add(NOWHERE, "", units(gid, 1))
                .requestTimeout(1)
                .retryInterval(1)
                .timeoutToFail(5)
                .waitResult(true)
                .submit());

        assertTrue(e.getMessage().startsWith(DtmFailureException.UNFINISHED_PREFIX), e.getMessage());
        assertTrue(e.isUnfinished());
        assertEquals("submitted", DtmHttp.status(gid), "DTM keeps it and retries");
        awaitStatus(gid, "failed");
        assertEquals("Timeout after 5 seconds", DtmHttp.transaction(gid, "rollback_reason"));
    }

    // --- 2-phase message: prepare, submit, abort ---

    @Test
    void preparedMessageIsSubmittedByHand() throws SQLException {
        String gid = newGid();
        int before = stockLeft();
        MsgGrpc msg = dtm.newMsg(gid).add(CREATE_ORDER, unpaidOrder(gid)).waitResult(true);

        msg.prepare(QUERY_PREPARED);
        assertEquals("prepared", DtmHttp.status(gid));
        assertEquals(QUERY_PREPARED, DtmHttp.transaction(gid, "query_prepared"));
        deductAsLocalStep(BranchBarrier.forMsgLocalStep(gid), gid, 1);
        assertEquals(before - 1, stockLeft());
        msg.submit();

        assertEquals("succeed", DtmHttp.status(gid));
        assertEquals(QUERY_PREPARED, DtmHttp.transaction(gid, "query_prepared"), "kept by submit");
        assertEquals(List.of("01 action succeed"), DtmHttp.branches(gid));
        assertOrderPlaced(gid);
        assertEquals(before - 1, stockLeft(), "the unit the local step took is the order's");
        assertEquals(List.of("DEDUCT 1"), StockDb.stockMovements(gid));
    }

    @Test
    void abortedMessageIsNeverRunAndCannotBeSubmittedAnyMore() {
        String gid = newGid();
        int before = stockLeft();
        MsgGrpc msg = dtm.newMsg(gid).add(CREATE_ORDER, unpaidOrder(gid));

        msg.prepare(QUERY_PREPARED);
        msg.abort();

        assertEquals("failed", DtmHttp.status(gid));
        assertEquals(List.of("01 action prepared"), DtmHttp.branches(gid), "its action was never called");
        DtmFailureException e = assertThrows(DtmFailureException.class, msg::submit);
        assertTrue(e.getMessage().contains("current status 'failed'"), e.getMessage());
        assertEquals(before, stockLeft());
    }

    @Test
    void delayedMessageRunsItsActionOnlyAfterTheDelay() {
        String gid = newGid();
        int before = stockLeft();

        dtm.newMsg(gid).add(CREATE_ORDER, unpaidOrder(gid)).delay(3)
                .doAndSubmit(QUERY_PREPARED, bb -> deductAsLocalStep(bb, gid, 1));

        assertEquals("submitted", DtmHttp.status(gid));
        assertEquals(before - 1, stockLeft(), "the local step is done, the action waits");
        awaitStatus(gid, "succeed");
        assertOrderPlaced(gid);
        // When DTM ran the action, by its own clock. Not the stored delay: a SQL store keeps the
        // Submit's custom data nowhere (the prepared row is only moved to submitted), boltdb does.
        // DTM's times are whole seconds, so a 3 s delay shows as at least 2.
        JsonPath transaction = DtmHttp.query(gid);
        Instant created = Instant.parse(transaction.getString("transaction.create_time"));
        Instant actionDone = Instant.parse(transaction.getString("branches.find { it.op == 'action' }.finish_time"));
        assertTrue(Duration.between(created, actionDone).toSeconds() >= 2,
                "action ran " + Duration.between(created, actionDone) + " after the message was created");
    }

    // --- 2-phase message: doAndSubmit ---

    @Test
    void doAndSubmitRunsTheRemoteLocalStepThenTheAction() throws SQLException {
        String gid = newGid();
        int before = stockLeft();
        List<String> barriers = new ArrayList<>();

        dtm.newMsg(gid).add(CREATE_ORDER, unpaidOrder(gid)).waitResult(true).doAndSubmit(QUERY_PREPARED, bb -> {
            barriers.add(bb.toString());
            deductAsLocalStep(bb, gid, 1);
        });

        assertEquals(List.of("transInfo: msg " + gid + " 00 msg"), barriers);
        assertEquals("succeed", DtmHttp.status(gid));
        assertEquals(List.of("DEDUCT 1"), StockDb.stockMovements(gid));
        assertEquals(List.of("msg 00 msg 01 msg"), stockBarrierRows(gid), "the action's barrier row is order-service's");
        assertOrderPlaced(gid);
        assertEquals(before - 1, stockLeft());
    }

    @Test
    void remoteLocalStepFailureAbortsWithoutAskingTheBackCheck() throws SQLException {
        String gid = newGid();
        int before = stockLeft();

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> dtm.newMsg(gid)
                .add(CREATE_ORDER, unpaidOrder(gid))
                .doAndSubmit(QUERY_PREPARED, bb -> deductAsLocalStep(bb, gid, before + 1)));

        assertEquals(Status.Code.ABORTED, e.getStatus().getCode(), "stock-service's answer, as it is");
        assertTrue(DtmGrpcErrors.isFailure(e));
        assertTrue(e.getStatus().getDescription().contains("stock"));
        assertEquals("failed", DtmHttp.status(gid), "aborted");
        assertEquals(List.of(), stockBarrierRows(gid),
                "the back-check was not asked (it would have written a rollback row)");
        assertEquals(before, stockLeft());
    }

    @Test
    void localFailureAbortsAndIsThrownAsIs() {
        String gid = newGid();
        DtmFailureException failure = new DtmFailureException("nothing done");

        assertSame(failure, assertThrows(DtmFailureException.class, () -> dtm.newMsg(gid)
                .add(CREATE_ORDER, unpaidOrder(gid))
                .doAndSubmit(QUERY_PREPARED, bb -> {
                    throw failure;
                })));

        assertEquals("failed", DtmHttp.status(gid));
    }

    @Test
    void otherErrorBeforeTheLocalStepLetsTheBackCheckRollTheMessageBack() throws SQLException {
        String gid = newGid();
        int before = stockLeft();
        List<BranchBarrier> given = new ArrayList<>();
        IllegalStateException lost = new IllegalStateException("connection reset before the local step");

        assertSame(lost, assertThrows(IllegalStateException.class, () -> dtm.newMsg(gid)
                .add(CREATE_ORDER, unpaidOrder(gid))
                .doAndSubmit(QUERY_PREPARED, bb -> {
                    given.add(bb);
                    throw lost;
                })));

        assertEquals("failed", DtmHttp.status(gid), "the back-check said rolled back, so the client aborted");
        assertEquals(List.of("msg 00 msg 01 rollback"), stockBarrierRows(gid), "written by the back-check");
        // the local step arriving late is refused by the barrier
        StatusRuntimeException late = assertThrows(StatusRuntimeException.class,
                () -> deductAsLocalStep(given.get(0), gid, 1));
        assertInstanceOf(DtmDuplicatedException.class, DtmGrpcErrors.fromGrpc(late));
        assertEquals(before, stockLeft());
    }

    @Test
    void otherErrorAfterTheLocalStepCommittedLetsTheBackCheckSubmit() throws SQLException {
        String gid = newGid();
        int before = stockLeft();
        IOException lost = new IOException("the local step's answer was lost");

        DtmException e = assertThrows(DtmException.class, () -> dtm.newMsg(gid)
                .add(CREATE_ORDER, unpaidOrder(gid))
                .waitResult(true)
                .doAndSubmit(QUERY_PREPARED, bb -> {
                    deductAsLocalStep(bb, gid, 1);
                    throw lost;
                }));

        assertSame(lost, e.getCause(), "a checked exception comes back wrapped");
        assertEquals("succeed", DtmHttp.status(gid), "the back-check said committed, so the client submitted");
        assertEquals(List.of("DEDUCT 1"), StockDb.stockMovements(gid));
        assertOrderPlaced(gid);
        assertEquals(before - 1, stockLeft());
    }

    @Test
    void unreachableBackCheckLeavesTheMessagePreparedForDtm() throws IOException, InterruptedException {
        String gid = newGid();
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ManagedChannel nobody = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            DtmGrpcClient cutOff = SignedBranch.signing(new DtmGrpcClient(Consul.address("dtm-service"), dtmChannel, new ChannelBranchInvoker(service -> nobody))
                    .withDeadline(Duration.ofSeconds(20)));
            IllegalStateException lost = new IllegalStateException("connection reset");

            assertSame(lost, assertThrows(IllegalStateException.class, () -> cutOff.newMsg(gid)
                    .add(CREATE_ORDER, unpaidOrder(gid))
                    .doAndSubmit(QUERY_PREPARED, bb -> {
                        throw lost;
                    })));

            assertEquals("prepared", DtmHttp.status(gid), "neither submitted nor aborted: DTM will ask later");
        } finally {
            Grpc.close(nobody);
        }
        dtm.newMsg(gid).abort(); // rather than wait for DTM's own back-check
        assertEquals("failed", DtmHttp.status(gid));
    }

    @Test
    void prepareRefusedByDtmRunsNothing() {
        String gid = newGid();
        MsgGrpc first = dtm.newMsg(gid).add(CREATE_ORDER, unpaidOrder(gid));
        first.prepare(QUERY_PREPARED);
        first.abort();
        AtomicBoolean ran = new AtomicBoolean();

        DtmFailureException e = assertThrows(DtmFailureException.class, () -> dtm.newMsg(gid)
                .add(CREATE_ORDER, unpaidOrder(gid))
                .doAndSubmit(QUERY_PREPARED, bb -> ran.set(true)));

        assertTrue(e.getMessage().contains("cannot prepare"), e.getMessage());
        assertFalse(ran.get(), "the local step must not run");
        assertEquals("failed", DtmHttp.status(gid));
    }

    // --- 2-phase message: DTM's own back-check (the client never submits) ---

    @Test
    void dtmAsksTheBackCheckAndSubmitsWhenTheLocalStepCommitted() throws SQLException {
        String gid = newGid();
        int before = stockLeft();
        MsgGrpc msg = dtm.newMsg(gid).add(CREATE_ORDER, unpaidOrder(gid)).timeoutToFail(1);

        msg.prepare(QUERY_PREPARED);
        deductAsLocalStep(BranchBarrier.forMsgLocalStep(gid), gid, 1);
        // ...and the client goes away without submitting.

        awaitStatus(gid, "succeed");
        assertEquals(List.of("DEDUCT 1"), StockDb.stockMovements(gid));
        assertOrderPlaced(gid);
        assertEquals(before - 1, stockLeft());
    }

    /**
     * The local step is slower than the message's timeout: DTM asks the back-check first, which
     * rolls the message back. The late local step is then refused as DUPLICATED (not a failure),
     * so the client asks the back-check itself (rolled back) and tries to abort, which DTM refuses
     * (already failed): that refusal is only logged, the local step's error is what comes back.
     */
    @Test
    void localStepAfterDtmsBackCheckIsDuplicatedAndNothingHappens() throws SQLException {
        String gid = newGid();
        int before = stockLeft();

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> dtm.newMsg(gid)
                .add(CREATE_ORDER, unpaidOrder(gid))
                .timeoutToFail(1)
                .doAndSubmit(QUERY_PREPARED, bb -> {
                    awaitStatus(gid, "failed");
                    deductAsLocalStep(bb, gid, 1);
                }));

        assertInstanceOf(DtmDuplicatedException.class, DtmGrpcErrors.fromGrpc(e));
        assertEquals("failed", DtmHttp.status(gid));
        assertEquals(List.of("msg 00 msg 01 rollback"), stockBarrierRows(gid));
        assertEquals(List.of(), StockDb.stockMovements(gid));
        assertEquals(before, stockLeft());
    }

    @Test
    void submitRefusedByDtmIsThrownWhenTheLocalStepReturnedNormally() {
        String gid = newGid();

        DtmFailureException e = assertThrows(DtmFailureException.class, () -> dtm.newMsg(gid)
                .add(CREATE_ORDER, unpaidOrder(gid))
                .timeoutToFail(1)
                .doAndSubmit(QUERY_PREPARED, bb -> awaitStatus(gid, "failed")));

        assertTrue(e.getMessage().contains("current status 'failed'"), e.getMessage());
        assertEquals("failed", DtmHttp.status(gid));
    }
}
