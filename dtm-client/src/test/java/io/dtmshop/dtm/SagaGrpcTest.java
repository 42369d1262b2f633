package io.dtmshop.dtm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.Int64Value;
import com.google.protobuf.StringValue;
import io.dtmshop.dtm.grpc.gen.DtmRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a SAGA sends to DTM (Go {@code GetDtmRequest}), built without any server. What DTM does
 * with it is tested against the real DTM in integration-tests ({@code DtmProtocolIT}).
 */
class SagaGrpcTest {

    static final String STOCK = "discovery:///stock-service/stock.v1.StockService/";
    static final String ORDER = "discovery:///order-service/order.v1.OrderService/";

    final DtmGrpcClient dtm = NoCalls.dtm();

    /** The request as submit() sends it: submit() adds the custom data, then builds the request. */
    static DtmRequest asSubmitted(SagaGrpc saga) {
        saga.buildCustomOptions();
        return saga.toDtmRequest();
    }

    @Test
    void requestCarriesStepsPayloadsAndDefaults() {
        StringValue p1 = StringValue.of("deduct 2 of sku-1");
        Int64Value p2 = Int64Value.of(42);
        DtmRequest r = asSubmitted(dtm.newSaga("g1")
                .add(STOCK + "DeductStock", STOCK + "RefundStock", p1)
                .add(ORDER + "CreateOrder", ORDER + "CancelOrder", p2));

        assertEquals("g1", r.getGid());
        assertEquals("saga", r.getTransType());
        assertEquals("[{\"action\":\"" + STOCK + "DeductStock\",\"compensate\":\"" + STOCK + "RefundStock\"},"
                + "{\"action\":\"" + ORDER + "CreateOrder\",\"compensate\":\"" + ORDER + "CancelOrder\"}]",
                r.getSteps());
        assertEquals(List.of(p1.toByteString(), p2.toByteString()), r.getBinPayloadsList());
        assertEquals("", r.getCustomedData());
        assertEquals("", r.getQueryPrepared());
        assertEquals("", r.getRollbackReason());
        assertTrue(r.hasTransOptions(), "Go always sends TransOptions");
        assertFalse(r.getTransOptions().getWaitResult());
        assertEquals(0, r.getTransOptions().getTimeoutToFail());
        assertEquals(0, r.getTransOptions().getRetryInterval());
        assertEquals(0, r.getTransOptions().getRequestTimeout());
        assertEquals(0, r.getTransOptions().getRetryLimit());
        assertTrue(r.getTransOptions().getBranchHeadersMap().isEmpty());
    }

    @Test
    void contextBranchHeadersAreAskedForEachRequestAndTheTransactionsOwnWin() {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        DtmGrpcClient traced = dtm.withContextBranchHeaders(() -> Map.of(
                "traceparent", "00-trace" + calls.incrementAndGet() + "-01", "tenant", "from-context"));
        SagaGrpc saga = traced.newSaga("g1").add(STOCK + "DeductStock", STOCK + "RefundStock", null)
                .branchHeader("tenant", "own");

        assertEquals(Map.of("traceparent", "00-trace1-01", "tenant", "own"),
                asSubmitted(saga).getTransOptions().getBranchHeadersMap());
        assertEquals("00-trace2-01", saga.toDtmRequest().getTransOptions().getBranchHeadersMap().get("traceparent"));
        assertTrue(asSubmitted(dtm.newSaga("g2")).getTransOptions().getBranchHeadersMap().isEmpty(),
                "no context headers unless asked for");
    }

    @Test
    void optionsGoIntoTransOptions() {
        DtmRequest r = asSubmitted(dtm.newSaga("g2")
                .add(STOCK + "DeductStock", "", null)
                .waitResult(true).retryInterval(7).timeoutToFail(60).requestTimeout(4).retryLimit(3)
                .branchHeaders(Map.of("x-a", "1")).branchHeader("x-b", "2"));
        assertTrue(r.getTransOptions().getWaitResult());
        assertEquals(7, r.getTransOptions().getRetryInterval());
        assertEquals(60, r.getTransOptions().getTimeoutToFail());
        assertEquals(4, r.getTransOptions().getRequestTimeout());
        assertEquals(3, r.getTransOptions().getRetryLimit());
        assertEquals(Map.of("x-a", "1", "x-b", "2"), r.getTransOptions().getBranchHeadersMap());
        assertEquals("[{\"action\":\"" + STOCK + "DeductStock\",\"compensate\":\"\"}]", r.getSteps());
        assertEquals(List.of(ByteString.EMPTY), r.getBinPayloadsList(), "a null payload is empty bytes, like Go");
    }

    @Test
    void branchHeadersReplaceThenAdd() {
        SagaGrpc saga = dtm.newSaga("g2b").branchHeader("x-old", "0").branchHeaders(Map.of("x-a", "1"));
        assertEquals(Map.of("x-a", "1"), saga.toDtmRequest().getTransOptions().getBranchHeadersMap());
        saga.branchHeaders(null);
        assertTrue(saga.toDtmRequest().getTransOptions().getBranchHeadersMap().isEmpty());
    }

    @Test
    void concurrentSagaSendsOrdersInCustomedData() {
        SagaGrpc saga = dtm.newSaga("g3")
                .add("a:1/x.X/A0", "a:1/x.X/C0", null)
                .add("a:1/x.X/A1", "a:1/x.X/C1", null)
                .add("a:1/x.X/A2", "a:1/x.X/C2", null)
                .enableConcurrent()
                .addBranchOrder(2, 0, 1)
                .addBranchOrder(1, 0);
        assertEquals("", saga.toDtmRequest().getCustomedData(), "custom data is built by submit(), like Go");
        assertEquals("{\"concurrent\":true,\"orders\":{\"1\":[0],\"2\":[0,1]}}", asSubmitted(saga).getCustomedData());
    }

    @Test
    void concurrentWithoutOrders() {
        assertEquals("{\"concurrent\":true,\"orders\":{}}",
                asSubmitted(dtm.newSaga("g4").add("a:1/x.X/A", "", null).enableConcurrent()).getCustomedData());
    }

    @Test
    void ordersWithoutConcurrentAreNotSent() {
        assertEquals("", asSubmitted(dtm.newSaga("g5").add("a:1/x.X/A", "", null).add("a:1/x.X/B", "", null)
                .addBranchOrder(1, 0)).getCustomedData());
    }

    @Test
    void emptySagaSendsNullStepsLikeGo() {
        assertEquals("null", dtm.newSaga("g6").toDtmRequest().getSteps());
    }

    @Test
    void badArguments() {
        assertThrows(IllegalArgumentException.class, () -> dtm.newSaga(""));
        assertThrows(IllegalArgumentException.class, () -> dtm.newSaga(null));
        SagaGrpc saga = dtm.newSaga("g7");
        assertThrows(IllegalArgumentException.class, () -> saga.addBranchOrder(1, 1));
        assertThrows(IllegalArgumentException.class, () -> saga.addBranchOrder(1, -1));
        assertThrows(IllegalArgumentException.class, () -> saga.retryInterval(-1));
        assertThrows(IllegalArgumentException.class, () -> saga.timeoutToFail(-1));
        assertThrows(IllegalArgumentException.class, () -> saga.requestTimeout(-1));
        assertThrows(IllegalArgumentException.class, () -> saga.retryLimit(-1));
    }
}
