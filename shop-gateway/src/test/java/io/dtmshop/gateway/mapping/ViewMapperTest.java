package io.dtmshop.gateway.mapping;

import io.dtmshop.gateway.client.DtmHttpApi;
import io.dtmshop.gateway.model.PurchaseResponse;
import io.dtmshop.gateway.model.TransactionView;
import io.dtmshop.proto.shop.v1.PurchaseReply;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ViewMapperTest {

    @Test
    void purchaseReplyIsPassedStraightThrough() {
        PurchaseReply reply = PurchaseReply.newBuilder().setGid("g1").setMode("saga").setStatus("failed")
                .setOrderNo("g1").setMessage("not enough stock").build();

        assertEquals(new PurchaseResponse("g1", "saga", "failed", "g1", "not enough stock"),
                ViewMapper.toResponse(reply));
    }

    @Test
    void dtmQueryIsTrimmed() {
        DtmHttpApi.QueryResult result = new DtmHttpApi.QueryResult(
                new DtmHttpApi.Transaction("g1", "saga", "failed", "stock too low", "2026-01-01T00:00:00Z",
                        "2026-01-01T00:00:01Z"),
                List.of(new DtmHttpApi.Branch("01", "action", "failed", "discovery:///stock-service/x")));

        TransactionView view = ViewMapper.toView(result);

        assertEquals("failed", view.status());
        assertEquals("stock too low", view.rollbackReason());
        assertEquals(List.of(new TransactionView.Branch("01", "action", "failed", "discovery:///stock-service/x")),
                view.branches());
    }
}
