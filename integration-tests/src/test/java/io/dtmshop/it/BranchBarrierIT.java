package io.dtmshop.it;

import org.junit.jupiter.api.extension.ExtendWith;
import io.dtmshop.dtm.BranchContext;
import io.dtmshop.dtm.ChannelBranchInvoker;
import io.dtmshop.dtm.DtmGrpcClient;
import io.dtmshop.proto.stock.v1.StockRequest;
import io.dtmshop.proto.stock.v1.StockServiceGrpc;
import io.grpc.ManagedChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The branch barrier in a real service, driven with the metadata DTM itself sends and gids from the
 * real DTM: calls arrive twice, or in the wrong order, and the stock must still be right.
 */
@ExtendWith(StackExtension.class)
class BranchBarrierIT {

    private static final long AIRPODS = 3;

    private static ManagedChannel dtmChannel;
    private static ManagedChannel stockChannel;
    private static DtmGrpcClient dtm;

    @BeforeAll
    static void connect() {
        dtmChannel = Grpc.channelTo("dtm-service");
        stockChannel = Grpc.channelTo("stock-service");
        dtm = SignedBranch.signing(new DtmGrpcClient(Consul.address("dtm-service"), dtmChannel, new ChannelBranchInvoker(service -> stockChannel)));
    }

    @AfterAll
    static void disconnect() throws InterruptedException {
        Grpc.close(dtmChannel);
        Grpc.close(stockChannel);
    }

    private static StockServiceGrpc.StockServiceBlockingStub stock(String gid, String op) {
        BranchContext branch = new BranchContext(gid, "saga", "01", op, "");
        return StockServiceGrpc.newBlockingStub(stockChannel).withInterceptors(SignedBranch.attach(branch));
    }

    private static StockRequest units(String gid, int quantity) {
        return StockRequest.newBuilder().setOrderNo(gid).setProductId(AIRPODS).setQuantity(quantity).build();
    }

    @Test
    void repeatedActionAndCompensationApplyOnce() {
        String gid = dtm.newGid();
        int before = Shop.product(AIRPODS).quantity();

        stock(gid, "action").deductStock(units(gid, 1));
        stock(gid, "action").deductStock(units(gid, 1));
        assertEquals(before - 1, Shop.product(AIRPODS).quantity(), "a repeated action applies once");

        stock(gid, "compensate").refundStock(units(gid, 1));
        stock(gid, "compensate").refundStock(units(gid, 1));
        assertEquals(before, Shop.product(AIRPODS).quantity(), "a repeated compensation applies once");
    }

    @Test
    void compensationBeforeItsActionIsNullAndTheLateActionIsRefused() {
        String gid = dtm.newGid();
        int before = Shop.product(AIRPODS).quantity();

        // The action timed out on its way; DTM compensates before the action arrives.
        stock(gid, "compensate").refundStock(units(gid, 1));
        assertEquals(before, Shop.product(AIRPODS).quantity(), "null compensation: nothing to give back");

        // The delayed action arrives last: it must not deduct (it would never be compensated).
        stock(gid, "action").deductStock(units(gid, 1));
        assertEquals(before, Shop.product(AIRPODS).quantity(), "a hanging action is refused");
    }
}
