package io.dtmshop.it;

import io.dtmshop.dtm.BranchContext;
import io.dtmshop.dtm.ChannelBranchInvoker;
import io.dtmshop.dtm.DtmConstants;
import io.dtmshop.dtm.DtmGrpcClient;
import io.dtmshop.it.dtmclient.StockDb;
import io.dtmshop.proto.stock.v1.StockRequest;
import io.dtmshop.proto.stock.v1.StockServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * XA phase 2 is idempotent, and a rolled-back branch stays rolled back: DTM repeats "commit" or
 * "rollback" whenever an answer is lost, and an action can arrive after DTM already rolled its
 * branch back (the caller timed out and aborted).
 */
@ExtendWith(StackExtension.class)
class XaBranchIT {

    private static final String XA_DEDUCT = "discovery:///stock-service/stock.v1.StockService/XaDeductStock";

    private static ManagedChannel dtmChannel;
    private static ManagedChannel stockChannel;

    @BeforeAll
    static void connect() {
        dtmChannel = Grpc.channelTo("dtm-service");
        stockChannel = Grpc.channelTo("stock-service");
    }

    @AfterAll
    static void close() throws InterruptedException {
        Grpc.close(dtmChannel);
        Grpc.close(stockChannel);
    }

    @Test
    void commitRepeatedByDtmChangesNothing() throws Exception {
        long product = ShopDb.newProduct("XA commit twice", 300, 4);
        Response response = Shop.purchase("xa", 1, product, 1);
        response.then().statusCode(200).body("status", equalTo("succeed"));
        String gid = response.jsonPath().getString("gid");
        Shop.Product afterPurchase = Shop.product(product);
        assertEquals(3, afterPurchase.quantity());

        // DTM's phase-2 call again, twice, as it would send it: op "commit", empty payload.
        for (int i = 0; i < 2; i++) {
            stock(gid, DtmConstants.OP_COMMIT, "").xaDeductStock(StockRequest.getDefaultInstance());
        }

        assertEquals(afterPurchase, Shop.product(product));
        assertEquals(List.of("DEDUCT 1"), StockDb.stockMovements(gid));
    }

    @Test
    void rollbackRepeatedChangesNothingAndALateActionIsRefused() throws Exception {
        long product = ShopDb.newProduct("XA rollback twice", 300, 4);
        StockRequest request = StockRequest.newBuilder().setProductId(product).setQuantity(2).build();
        // The test is the transaction manager here: it prepares a branch, then aborts.
        DtmGrpcClient dtm = SignedBranch.signing(new DtmGrpcClient(Consul.address("dtm-service"), dtmChannel, new ChannelBranchInvoker(service -> stockChannel)));
        String gid = dtm.newGid();
        StockRequest withOrder = request.toBuilder().setOrderNo(gid).build();

        RuntimeException aborted = assertThrows(IllegalStateException.class, () ->
                dtm.xaGlobalTransaction(gid, xa -> xa.waitResult(true), xa -> {
                    xa.callBranch(withOrder, XA_DEDUCT);
                    assertEquals(List.of(gid + "-01"), ShopDb.preparedXids(gid), "prepared, not committed");
                    throw new IllegalStateException("the buyer changed their mind");
                }));
        assertEquals(0, aborted.getSuppressed().length, "the abort went through");
        Shop.given().get("/shop/transactions/{gid}", gid).then().statusCode(200).body("status", equalTo("failed"));
        assertEquals(List.of(), ShopDb.preparedXids(gid));
        assertEquals(4, Shop.product(product).quantity());

        // DTM's rollback again: nothing prepared under this id any more, so nothing to do.
        stock(gid, DtmConstants.OP_ROLLBACK, "").xaDeductStock(StockRequest.getDefaultInstance());
        stock(gid, DtmConstants.OP_ROLLBACK, "").xaDeductStock(StockRequest.getDefaultInstance());

        // The same action arriving late is turned away before it prepares anything.
        StatusRuntimeException late = assertThrows(StatusRuntimeException.class, () ->
                stock(gid, DtmConstants.OP_ACTION, XA_DEDUCT).xaDeductStock(withOrder));
        assertEquals(Status.Code.ABORTED, late.getStatus().getCode());
        assertTrue(late.getStatus().getDescription().contains("already rolled back"), late.getStatus().getDescription());
        assertEquals(List.of(), ShopDb.preparedXids(gid));
        assertEquals(4, Shop.product(product).quantity());
        assertEquals(List.of(), StockDb.stockMovements(gid), "the log insert was rolled back with the branch");
    }

    private static StockServiceGrpc.StockServiceBlockingStub stock(String gid, String op, String phase2Url) {
        BranchContext branch = new BranchContext(gid, DtmConstants.TRANS_TYPE_XA, "01", op, "", phase2Url);
        return StockServiceGrpc.newBlockingStub(stockChannel).withInterceptors(SignedBranch.attach(branch));
    }

}
