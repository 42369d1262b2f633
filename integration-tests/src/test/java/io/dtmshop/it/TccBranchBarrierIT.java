package io.dtmshop.it;

import io.dtmshop.dtm.BranchContext;
import io.dtmshop.dtm.DtmConstants;
import io.dtmshop.dtm.DtmGrpcClient;
import io.dtmshop.it.dtmclient.StockDb;
import io.dtmshop.proto.order.v1.CreateOrderRequest;
import io.dtmshop.proto.order.v1.OrderServiceGrpc;
import io.dtmshop.proto.payment.v1.PaymentRequest;
import io.dtmshop.proto.payment.v1.PaymentServiceGrpc;
import io.dtmshop.proto.stock.v1.StockRequest;
import io.dtmshop.proto.stock.v1.StockServiceGrpc;
import io.grpc.ManagedChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The TCC branches called out of order, the way DTM can deliver them, with real DTM metadata (a
 * gid from DTM, trans_type "tcc", branch id, op): a Cancel that arrives before its Try (the Try
 * timed out on the way) must do nothing and turn that Try away when it lands; a Confirm DTM
 * repeats (its answer was lost) must apply once.
 */
@ExtendWith(StackExtension.class)
class TccBranchBarrierIT {

    private static ManagedChannel dtmChannel;
    private static ManagedChannel stockChannel;
    private static ManagedChannel orderChannel;
    private static ManagedChannel paymentChannel;
    private static DtmGrpcClient dtm;

    @BeforeAll
    static void connect() {
        dtmChannel = Grpc.channelTo("dtm-service");
        stockChannel = Grpc.channelTo("stock-service");
        orderChannel = Grpc.channelTo("order-service");
        paymentChannel = Grpc.channelTo("payment-service");
        dtm = SignedBranch.signing(new DtmGrpcClient(Consul.address("dtm-service"), dtmChannel));
    }

    @AfterAll
    static void close() throws InterruptedException {
        Grpc.close(dtmChannel);
        Grpc.close(stockChannel);
        Grpc.close(orderChannel);
        Grpc.close(paymentChannel);
    }

    @Test
    void cancelBeforeTryDoesNothingAndTheLateTryIsTurnedAway() throws Exception {
        long product = ShopDb.newProduct("TCC cancel first", 500, 3);
        long user = ShopDb.newAccount(10_000);
        String gid = dtm.newGid();
        StockRequest stockRequest = StockRequest.newBuilder().setOrderNo(gid).setProductId(product).setQuantity(1).build();
        CreateOrderRequest orderRequest = CreateOrderRequest.newBuilder().setOrderNo(gid).setUserId(user)
                .setProductId(product).setQuantity(1).setAmountCents(500).build();
        PaymentRequest paymentRequest = PaymentRequest.newBuilder().setOrderNo(gid).setUserId(user).setAmountCents(500).build();

        // Cancels first: each is a "null compensation" and answers OK without touching anything.
        stock(gid, "01", DtmConstants.OP_CANCEL).cancelDeductStock(stockRequest);
        order(gid, "02", DtmConstants.OP_CANCEL).cancelCreateOrder(orderRequest);
        payment(gid, "03", DtmConstants.OP_CANCEL).cancelPay(paymentRequest);
        // Then the Tries arrive: the barrier knows their Cancel ran and skips them.
        stock(gid, "01", DtmConstants.OP_TRY).tryDeductStock(stockRequest);
        order(gid, "02", DtmConstants.OP_TRY).tryCreateOrder(orderRequest);
        payment(gid, "03", DtmConstants.OP_TRY).tryPay(paymentRequest);

        assertEquals(new Shop.Product(product, "TCC cancel first", 500, 3, 0), Shop.product(product));
        assertEquals(new Shop.Account(user, 10_000, 0), Shop.account(user));
        Shop.order(gid).then().statusCode(404);
        assertEquals(List.of(), StockDb.stockMovements(gid));
    }

    @Test
    void repeatedTryAndConfirmApplyOnce() throws Exception {
        long product = ShopDb.newProduct("TCC confirm twice", 700, 3);
        long user = ShopDb.newAccount(10_000);
        String gid = dtm.newGid();
        StockRequest stockRequest = StockRequest.newBuilder().setOrderNo(gid).setProductId(product).setQuantity(2).build();
        PaymentRequest paymentRequest = PaymentRequest.newBuilder().setOrderNo(gid).setUserId(user).setAmountCents(1_400).build();

        stock(gid, "01", DtmConstants.OP_TRY).tryDeductStock(stockRequest);
        stock(gid, "01", DtmConstants.OP_TRY).tryDeductStock(stockRequest);
        payment(gid, "02", DtmConstants.OP_TRY).tryPay(paymentRequest);
        payment(gid, "02", DtmConstants.OP_TRY).tryPay(paymentRequest);
        assertEquals(2, Shop.product(product).locked(), "reserved once");
        assertEquals(new Shop.Account(user, 10_000, 1_400), Shop.account(user), "frozen once");

        for (int i = 0; i < 2; i++) {
            stock(gid, "01", DtmConstants.OP_CONFIRM).confirmDeductStock(stockRequest);
            payment(gid, "02", DtmConstants.OP_CONFIRM).confirmPay(paymentRequest);
        }
        assertEquals(new Shop.Product(product, "TCC confirm twice", 700, 1, 0), Shop.product(product));
        assertEquals(new Shop.Account(user, 8_600, 0), Shop.account(user));
        assertEquals(List.of("RESERVE 2", "DEDUCT 2"), StockDb.stockMovements(gid));
    }

    private static BranchContext branch(String gid, String branchId, String op) {
        return new BranchContext(gid, DtmConstants.TRANS_TYPE_TCC, branchId, op, "");
    }

    private static StockServiceGrpc.StockServiceBlockingStub stock(String gid, String branchId, String op) {
        return StockServiceGrpc.newBlockingStub(stockChannel).withInterceptors(SignedBranch.attach(branch(gid, branchId, op)));
    }

    private static OrderServiceGrpc.OrderServiceBlockingStub order(String gid, String branchId, String op) {
        return OrderServiceGrpc.newBlockingStub(orderChannel).withInterceptors(SignedBranch.attach(branch(gid, branchId, op)));
    }

    private static PaymentServiceGrpc.PaymentServiceBlockingStub payment(String gid, String branchId, String op) {
        return PaymentServiceGrpc.newBlockingStub(paymentChannel).withInterceptors(SignedBranch.attach(branch(gid, branchId, op)));
    }
}
