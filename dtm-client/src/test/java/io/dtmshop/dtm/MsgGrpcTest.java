package io.dtmshop.dtm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.StringValue;
import io.dtmshop.dtm.barrier.BranchBarrier;
import io.dtmshop.dtm.grpc.gen.DtmRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a 2-phase message sends to DTM, built without any server. Prepare, submit, abort and
 * doAndSubmit's sequence are tested against the real DTM and a real back-check in
 * integration-tests ({@code DtmProtocolIT}).
 */
class MsgGrpcTest {

    static final String ACTION = "discovery:///order-service/order.v1.OrderService/CreateOrder";

    final DtmGrpcClient dtm = NoCalls.dtm();

    MsgGrpc msg() {
        return dtm.newMsg("m1").add(ACTION, StringValue.of("order")).branchHeader("x-a", "1");
    }

    @Test
    void requestCarriesStepsPayloadsAndHeaders() {
        DtmRequest r = msg().toDtmRequest();
        assertEquals("msg", r.getTransType());
        assertEquals("m1", r.getGid());
        assertEquals("[{\"action\":\"" + ACTION + "\"}]", r.getSteps());
        assertEquals(List.of(StringValue.of("order").toByteString()), r.getBinPayloadsList());
        assertEquals(Map.of("x-a", "1"), r.getTransOptions().getBranchHeadersMap());
        assertEquals("", r.getQueryPrepared(), "set by prepare()/doAndSubmit()");
        assertEquals("", r.getCustomedData());
    }

    @Test
    void delayIsAddedOnlyWhenSubmitting() {
        MsgGrpc m = msg().delay(5);
        assertEquals("", m.toDtmRequest().getCustomedData(), "Go adds the delay only at submit (prepare has none)");
        m.buildCustomOptions();
        assertEquals("{\"delay\":5}", m.toDtmRequest().getCustomedData());
    }

    @Test
    void noDelayNoCustomData() {
        MsgGrpc m = msg();
        m.buildCustomOptions();
        assertEquals("", m.toDtmRequest().getCustomedData());
        assertThrows(IllegalArgumentException.class, () -> m.delay(-1));
    }

    @Test
    void topicStep() {
        DtmRequest r = dtm.newMsg("m2").addTopic("orders", null).toDtmRequest();
        assertEquals("[{\"action\":\"topic://orders\"}]", r.getSteps());
        assertEquals(1, r.getBinPayloadsCount());
    }

    @Test
    void localStepBarrierIsBranch00OpMsg() {
        BranchBarrier bb = BranchBarrier.forMsgLocalStep("m1");
        assertEquals("transInfo: msg m1 00 msg", bb.toString());
        assertEquals(new BranchContext("m1", "msg", "00", "msg", ""), bb.toBranchContext());
    }
}
