package io.dtmshop.it;

import com.google.protobuf.Empty;
import io.dtmshop.dtm.BranchContext;
import io.dtmshop.dtm.ChannelBranchInvoker;
import io.dtmshop.dtm.DtmGrpcClient;
import io.dtmshop.dtm.barrier.BranchBarrier;
import io.dtmshop.it.dtmclient.DtmHttp;
import io.dtmshop.it.dtmclient.StockDb;
import io.dtmshop.proto.order.v1.CreateOrderRequest;
import io.dtmshop.proto.order.v1.GetOrderRequest;
import io.dtmshop.proto.order.v1.OrderServiceGrpc;
import io.dtmshop.proto.payment.v1.GetAccountRequest;
import io.dtmshop.proto.payment.v1.PaymentRequest;
import io.dtmshop.proto.payment.v1.PaymentServiceGrpc;
import io.dtmshop.proto.stock.v1.GetProductRequest;
import io.dtmshop.proto.stock.v1.StockRequest;
import io.dtmshop.proto.stock.v1.StockServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Gids, branch ids and order numbers at the edge of what the services can store, sent with the
 * metadata DTM sends (and once through DTM itself): a value that cannot be stored exactly is
 * refused as a business failure (ABORTED), never cut, never retried forever; and values that differ
 * only in case are different values. Each test uses a product or an account of its own.
 */
@ExtendWith(StackExtension.class)
class BranchLimitsIT {

    private static final String STOCK = "discovery:///stock-service/stock.v1.StockService/";

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
        dtm = SignedBranch.signing(new DtmGrpcClient(Consul.address("dtm-service"), dtmChannel, new ChannelBranchInvoker(service -> stockChannel))
                .withDeadline(Duration.ofSeconds(20))); // a waiting submit lasts at most DTM's RequestTimeout + 2 s
    }

    @AfterAll
    static void disconnect() throws InterruptedException {
        Grpc.close(dtmChannel);
        Grpc.close(stockChannel);
        Grpc.close(orderChannel);
        Grpc.close(paymentChannel);
    }

    /** A gid DTM made, padded with {@code x} to {@code length} characters. */
    private static String gidOf(int length) {
        String gid = dtm.newGid();
        return gid + "x".repeat(length - gid.length());
    }

    private static long newProduct() throws SQLException {
        return ShopDb.newProduct("branch limits", 100, 50);
    }

    private static StockServiceGrpc.StockServiceBlockingStub stock(String transType, String gid, String op) {
        BranchContext branch = new BranchContext(gid, transType, "01", op, "");
        return StockServiceGrpc.newBlockingStub(stockChannel).withInterceptors(SignedBranch.attach(branch));
    }

    private static StockRequest units(String orderNo, long product, int quantity) {
        return StockRequest.newBuilder().setOrderNo(orderNo).setProductId(product).setQuantity(quantity).build();
    }

    private static int stockLeft(long product) {
        return StockServiceGrpc.newBlockingStub(stockChannel)
                .getProduct(GetProductRequest.newBuilder().setProductId(product).build()).getQuantity();
    }

    private static OrderServiceGrpc.OrderServiceBlockingStub order(String gid, String op) {
        BranchContext branch = new BranchContext(gid, "saga", "02", op, "");
        return OrderServiceGrpc.newBlockingStub(orderChannel).withInterceptors(SignedBranch.attach(branch));
    }

    private static CreateOrderRequest orderOf(String orderNo, long product, int quantity) {
        return CreateOrderRequest.newBuilder().setOrderNo(orderNo).setUserId(1).setProductId(product)
                .setQuantity(quantity).setAmountCents(100L * quantity).build();
    }

    private static io.dtmshop.proto.order.v1.Order readOrder(String orderNo) {
        return OrderServiceGrpc.newBlockingStub(orderChannel)
                .getOrder(GetOrderRequest.newBuilder().setOrderNo(orderNo).build());
    }

    private static void assertAborted(StatusRuntimeException e, String named) {
        assertEquals(Status.Code.ABORTED, e.getStatus().getCode(), String.valueOf(e.getStatus()));
        String description = e.getStatus().getDescription();
        assertTrue(description.contains(named), description);
        assertFalse(description.toLowerCase().contains("insert") || description.contains("Data too long"),
                "no SQL text leaves the service: " + description);
    }

    // --- the barrier refuses what it cannot store exactly ---

    @Test
    void twoGidsOf129CharactersThatShareTheFirst128AreBothRefused() throws SQLException {
        long product = newProduct();
        String first = gidOf(128) + "1";
        String second = first.substring(0, 128) + "2";

        for (String gid : List.of(first, second)) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> stock("saga", gid, "action").deductStock(units(gid, product, 1)));
            assertAborted(e, "128");
        }

        assertEquals(50, stockLeft(product), "nothing deducted");
        assertEquals(List.of(), StockDb.barrierRows(BranchBarrier.SERVICE_TABLE_NAME, first.substring(0, 128)),
                "no barrier row under the first 128 characters");
    }

    @Test
    void aCompensationWhoseGidCannotBeStoredChangesNothing() throws SQLException {
        long product = newProduct();
        String stored = gidOf(128);
        stock("saga", stored, "action").deductStock(units(stored, product, 1));
        assertEquals(49, stockLeft(product));

        // Its action was refused, so it has nothing to undo: OK (DTM would retry anything else
        // forever), and above all not the action of the gid its first 128 characters make.
        stock("saga", stored + "x", "compensate").refundStock(units(stored + "x", product, 1));
        assertEquals(49, stockLeft(product), "the other transaction's deduction stays");

        stock("saga", stored, "compensate").refundStock(units(stored, product, 1));
        assertEquals(50, stockLeft(product));
    }

    @Test
    void queryPreparedOfAGidThatCannotBeStoredAnswersRolledBack() {
        String gid = gidOf(129);
        BranchContext backCheck = new BranchContext(gid, "msg", "00", "msg", "");

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> StockServiceGrpc
                .newBlockingStub(stockChannel).withInterceptors(SignedBranch.attach(backCheck))
                .queryPrepared(Empty.getDefaultInstance()));

        assertAborted(e, "128");
    }

    @Test
    void xaPhase2OfAGidThatCannotBeAnXaIdIsDoneAndItsActionRefused() throws SQLException {
        long product = newProduct();
        String gid = gidOf(70); // fits the barrier, not MySQL's 64-byte XA id

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> stock("xa", gid, "action").xaDeductStock(units(gid, product, 1)));
        assertAborted(e, "64");
        // nothing can have been prepared under it: a rollback (or commit) is done at once, not retried
        stock("xa", gid, "rollback").xaDeductStock(StockRequest.getDefaultInstance());
        assertEquals(50, stockLeft(product));
    }

    @Test
    void sagaWhoseGidDtmCannotStoreIsRefusedByDtmAndChangesNothing() throws SQLException {
        // DTM's SQL store keeps gids of up to 128 characters (trans_global.gid VARCHAR(128),
        // deploy/mysql/dtm-storage.sql); MariaDB's strict mode refuses a longer one instead of cutting it.
        // boltdb and redis take any length: there the branch barrier refuses it (the tests above).
        assumeTrue(ShopDb.dtmStoreInMariaDb(), "DTM's store is not its SQL store on MariaDB (STACK_DTM_STORE)");
        long product = newProduct();
        String gid = gidOf(135);

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> dtm.newSaga(gid)
                .add(STOCK + "DeductStock", STOCK + "RefundStock", units(gid, product, 1))
                .waitResult(true)
                .submit());

        // DTM's answer, not a lost one: the store's error panics in DTM v1.19.0, and its gRPC
        // server answers the recovered panic as INTERNAL (dtmsvr/svr.go grpcRecover)
        assertEquals(Status.Code.INTERNAL, e.getStatus().getCode(), String.valueOf(e.getStatus()));
        assertTrue(e.getStatus().getDescription().contains("Data too long for column 'gid'"),
                e.getStatus().getDescription());
        assertNull(DtmHttp.status(gid), "DTM holds nothing for the gid");
        assertNull(DtmHttp.status(gid.substring(0, 128)), "nor for its first 128 characters");
        assertEquals(50, stockLeft(product), "no branch was called");
    }

    // --- a write the database refuses for good ---

    @Test
    void aPaymentWhoseOrderNumberIsTakenIsAbortedNotRetried() throws SQLException {
        long user = ShopDb.newAccount(1000);
        String first = dtm.newGid();
        PaymentRequest payment = PaymentRequest.newBuilder().setOrderNo(first).setUserId(user).setAmountCents(100)
                .build();
        pay(first, "action").pay(payment);

        // Another branch paying the same order (a client that built its transaction wrong): the
        // barrier lets it through (another branch), payment's unique key refuses the row
        // (SQLState 23000), which no retry can change.
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> PaymentServiceGrpc.newBlockingStub(paymentChannel)
                        .withInterceptors(SignedBranch.attach(new BranchContext(first, "saga", "04", "action", "")))
                        .pay(payment));

        assertAborted(e, "SQLState 23000");
        assertEquals(900, balance(user), "the second payment's money was not taken");
        pay(first, "compensate").refund(payment);
        assertEquals(1000, balance(user));
    }

    private static PaymentServiceGrpc.PaymentServiceBlockingStub pay(String gid, String op) {
        BranchContext branch = new BranchContext(gid, "saga", "03", op, "");
        return PaymentServiceGrpc.newBlockingStub(paymentChannel).withInterceptors(SignedBranch.attach(branch));
    }

    private static long balance(long user) {
        return PaymentServiceGrpc.newBlockingStub(paymentChannel)
                .getAccount(GetAccountRequest.newBuilder().setUserId(user).build()).getBalanceCents();
    }

    // --- exact comparison: case and order numbers ---

    @Test
    void gidsThatDifferOnlyInCaseAreTwoBranches() throws SQLException {
        long product = newProduct();
        String lower = "it-case-" + dtm.newGid().toLowerCase();
        String upper = lower.toUpperCase();

        stock("saga", lower, "action").deductStock(units(lower, product, 1));
        stock("saga", upper, "action").deductStock(units(upper, product, 2));
        assertEquals(47, stockLeft(product), "both deducted");
        assertEquals(List.of("saga 01 action 01 action"), StockDb.barrierRows(BranchBarrier.SERVICE_TABLE_NAME, lower));
        assertEquals(List.of("DEDUCT 2"), StockDb.stockMovements(upper));

        stock("saga", lower, "compensate").refundStock(units(lower, product, 1));
        stock("saga", upper, "compensate").refundStock(units(upper, product, 2));
        assertEquals(50, stockLeft(product));
    }

    @Test
    void orderNumbersThatDifferOnlyInCaseAreTwoOrders() throws SQLException {
        long product = newProduct();
        String lower = "it-case-" + dtm.newGid().toLowerCase();
        String upper = lower.toUpperCase();
        try {
            order(lower, "action").createOrder(orderOf(lower, product, 1));
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> readOrder(upper));
            assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode(),
                    "a read of " + upper + " finds no other order");

            order(upper, "action").createOrder(orderOf(upper, product, 2));
            assertEquals(1, readOrder(lower).getQuantity());
            assertEquals(2, readOrder(upper).getQuantity());
        } finally {
            order(lower, "compensate").refundOrder(orderOf(lower, product, 1));
            order(upper, "compensate").refundOrder(orderOf(upper, product, 2));
        }
    }

    @Test
    void createOrderWithAnOrderNumberOf129CharactersIsAborted() throws SQLException {
        long product = newProduct();
        String gid = dtm.newGid();
        String orderNo = gidOf(129);

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> order(gid, "action").createOrder(orderOf(orderNo, product, 1)));

        assertAborted(e, "order_no");
        StatusRuntimeException read = assertThrows(StatusRuntimeException.class,
                () -> readOrder(orderNo.substring(0, 128)));
        assertEquals(Status.Code.NOT_FOUND, read.getStatus().getCode(), "nothing stored, not even cut");
    }
}
