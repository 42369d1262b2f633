package io.dtmshop.it;

import io.dtmshop.dtm.BranchContext;
import io.dtmshop.dtm.BranchToken;
import io.dtmshop.dtm.DtmMetadata;
import io.dtmshop.proto.order.v1.CreateOrderRequest;
import io.dtmshop.proto.order.v1.OrderServiceGrpc;
import io.dtmshop.proto.payment.v1.PaymentRequest;
import io.dtmshop.proto.payment.v1.PaymentServiceGrpc;
import io.dtmshop.proto.stock.v1.StockBaselineGrpc;
import io.dtmshop.proto.stock.v1.StockRequest;
import io.dtmshop.proto.stock.v1.StockServiceGrpc;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Only DTM and the shop can move stock and money. An attacker on the same network, with a plain gRPC
 * client and DTM's metadata but not the shop's branch token secret, cannot compensate a committed
 * purchase or make stock from nothing; a call with the wrong op for its method is refused; a
 * compensation gives back what its action took, never what its request says; the baselines are off
 * unless turned on; and nothing but the gateway (and DTM, which has no bind setting) listens beyond
 * the loopback address.
 */
@ExtendWith({StackExtension.class, ConsistentAfterEach.class})
class BranchSecurityIT {

    private static final long PRICE = 24_900;

    private static ManagedChannel stockChannel;
    private static ManagedChannel orderChannel;
    private static ManagedChannel paymentChannel;

    @BeforeAll
    static void connect() {
        stockChannel = Grpc.channelTo("stock-service");
        orderChannel = Grpc.channelTo("order-service");
        paymentChannel = Grpc.channelTo("payment-service");
    }

    @AfterAll
    static void disconnect() throws InterruptedException {
        Grpc.close(stockChannel);
        Grpc.close(orderChannel);
        Grpc.close(paymentChannel);
    }

    /**
     * The attack of the issue: after a committed SAGA purchase, Refund (payment, branch 03) and
     * RefundStock (stock, branch 01) called as DTM would call them to compensate - without the token,
     * and with a valid token of another transaction. Both answer UNAUTHENTICATED (a phase-2 call DTM
     * would retry, never a rollback) and nothing moves.
     */
    @Test
    void aForgedCompensationOfACommittedPurchaseIsRefused() throws Exception {
        long product = ShopDb.newProduct("Forged refund", PRICE, 10);
        long buyer = ShopDb.newAccount(500_000);
        String gid = Shop.purchase("saga", buyer, product, 1).then().statusCode(200).extract().jsonPath().getString("gid");

        for (Map<String, String> forged : List.of(Map.<String, String>of(),
                Map.of(BranchToken.HEADER, SignedBranch.token().sign("saga", "another-" + gid)),
                Map.of(BranchToken.HEADER, SignedBranch.token().sign("tcc", gid)),
                Map.of(BranchToken.HEADER, "v1.00000000.AAAA"))) {
            refused(Status.Code.UNAUTHENTICATED, () -> PaymentServiceGrpc.newBlockingStub(paymentChannel)
                    .withInterceptors(metadata(gid, "saga", "03", "compensate", forged))
                    .refund(PaymentRequest.newBuilder().setOrderNo(gid).setUserId(buyer).setAmountCents(PRICE).build()));
            refused(Status.Code.UNAUTHENTICATED, () -> StockServiceGrpc.newBlockingStub(stockChannel)
                    .withInterceptors(metadata(gid, "saga", "01", "compensate", forged))
                    .refundStock(StockRequest.newBuilder().setOrderNo(gid).setProductId(product).setQuantity(1).build()));
        }
        assertEquals(500_000 - PRICE, Shop.account(buyer).balanceCents());
        assertEquals(9, Shop.product(product).quantity());
        assertTrue(Files.readString(Stack.log("payment-service")).contains("gid=" + gid),
                "the refused compensation is logged with its gid");
    }

    /**
     * RefundStock called as an action - for a made-up gid, 500 units, even with a valid token for
     * that gid: RefundStock serves only compensations, so the call is refused before anything runs.
     */
    @Test
    void aForgedRefundStockActionIsRefused() throws Exception {
        long product = ShopDb.newProduct("Forged stock", PRICE, 10);
        String gid = "made-up-" + UUID.randomUUID();
        StockRequest fiveHundred = StockRequest.newBuilder().setOrderNo(gid).setProductId(product).setQuantity(500).build();

        refused(Status.Code.INVALID_ARGUMENT, () -> StockServiceGrpc.newBlockingStub(stockChannel)
                .withInterceptors(SignedBranch.attach(new BranchContext(gid, "saga", "01", "action", ""))).refundStock(fiveHundred));
        refused(Status.Code.INVALID_ARGUMENT, () -> StockServiceGrpc.newBlockingStub(stockChannel)
                .withInterceptors(metadata(gid, "saga", "01", "action", Map.of())).refundStock(fiveHundred));
        assertEquals(10, Shop.product(product).quantity());
    }

    /** Each method serves its own (trans type, op) pairs only; anything else is INVALID_ARGUMENT and changes nothing. */
    @Test
    void aWrongOpForTheMethodIsRefused() throws Exception {
        long product = ShopDb.newProduct("Wrong op", PRICE, 10);
        long buyer = ShopDb.newAccount(500_000);
        String gid = "wrong-op-" + UUID.randomUUID();
        StockRequest units = StockRequest.newBuilder().setOrderNo(gid).setProductId(product).setQuantity(2).build();
        PaymentRequest money = PaymentRequest.newBuilder().setOrderNo(gid).setUserId(buyer).setAmountCents(PRICE).build();

        refused(Status.Code.INVALID_ARGUMENT, () -> stock(gid, "saga", "01", "compensate").deductStock(units));
        refused(Status.Code.INVALID_ARGUMENT, () -> stock(gid, "tcc", "01", "try").deductStock(units));
        refused(Status.Code.INVALID_ARGUMENT, () -> stock(gid, "saga", "01", "action").tryDeductStock(units));
        refused(Status.Code.INVALID_ARGUMENT, () -> stock(gid, "tcc", "01", "cancel").confirmDeductStock(units));
        refused(Status.Code.INVALID_ARGUMENT, () -> payment(gid, "tcc", "03", "try").pay(money));
        refused(Status.Code.INVALID_ARGUMENT, () -> payment(gid, "msg", "03", "action").pay(money));
        refused(Status.Code.INVALID_ARGUMENT, () -> payment(gid, "saga", "03", "rollback").refund(money));
        assertEquals(10, Shop.product(product).quantity());
        assertEquals(500_000, Shop.account(buyer).balanceCents());
    }

    /** An action without a valid token is refused as a failure (ABORTED): DTM rolls its transaction back. */
    @Test
    void anActionWithoutAValidTokenIsAFailure() throws Exception {
        long product = ShopDb.newProduct("Unsigned action", PRICE, 10);
        String gid = "unsigned-" + UUID.randomUUID();
        StockRequest units = StockRequest.newBuilder().setOrderNo(gid).setProductId(product).setQuantity(2).build();

        refused(Status.Code.ABORTED, () -> StockServiceGrpc.newBlockingStub(stockChannel)
                .withInterceptors(metadata(gid, "saga", "01", "action", Map.of())).deductStock(units));
        refused(Status.Code.ABORTED, () -> StockServiceGrpc.newBlockingStub(stockChannel)
                .withInterceptors(metadata(gid, "saga", "01", "action",
                        Map.of(BranchToken.HEADER, SignedBranch.token().sign("saga", gid + "x")))).deductStock(units));
        assertEquals(10, Shop.product(product).quantity());
    }

    /**
     * A compensation or Confirm works from what its action recorded, never from its request: stock
     * refunds and confirms what was deducted or reserved, payment refunds what was paid, and an
     * order branch may touch only its own transaction's order.
     */
    @Test
    void aCompensationNeverGivesBackMoreThanItsActionTook() throws Exception {
        long product = ShopDb.newProduct("Compensate what was taken", PRICE, 10);
        long buyer = ShopDb.newAccount(500_000);
        String saga = "recorded-" + UUID.randomUUID();

        stock(saga, "saga", "01", "action").deductStock(units(saga, product, 2));
        stock(saga, "saga", "01", "compensate").refundStock(units(saga, product, 5));
        assertEquals(10, Shop.product(product).quantity(), "refunded the 2 deducted, not the 5 asked for");

        String tcc = "recorded-" + UUID.randomUUID();
        stock(tcc, "tcc", "01", "try").tryDeductStock(units(tcc, product, 2));
        stock(tcc, "tcc", "01", "cancel").cancelDeductStock(units(tcc, product, 1));
        assertEquals(new Shop.Product(product, "Compensate what was taken", PRICE, 10, 0), Shop.product(product),
                "released the 2 reserved, not the 1 asked for");

        String paid = "recorded-" + UUID.randomUUID();
        payment(paid, "saga", "03", "action").pay(money(paid, buyer, PRICE));
        payment(paid, "saga", "03", "compensate").refund(money(paid, buyer, 5 * PRICE));
        assertEquals(500_000, Shop.account(buyer).balanceCents(), "refunded what was paid, not the 5 times asked for");

        String other = Shop.purchase("tcc", buyer, product, 1).then().statusCode(200).extract().jsonPath().getString("gid");
        String forger = "recorded-" + UUID.randomUUID();
        refused(Status.Code.ABORTED, () -> OrderServiceGrpc.newBlockingStub(orderChannel)
                .withInterceptors(SignedBranch.attach(new BranchContext(forger, "tcc", "02", "cancel", "")))
                .cancelCreateOrder(CreateOrderRequest.newBuilder().setOrderNo(other).build()));
        refused(Status.Code.ABORTED, () -> payment(forger, "saga", "03", "compensate").refund(money(other, buyer, PRICE)));
        Shop.order(other).then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("CONFIRMED"));
        assertEquals(500_000 - PRICE, Shop.account(buyer).balanceCents());
    }

    /** The benchmark's baselines move stock with no DTM and no token: off unless the stack turns them on. */
    @Test
    void theBaselinesAreOffUnlessTurnedOn() throws Exception {
        long product = ShopDb.newProduct("Baseline off", PRICE, 10);
        Stack.down("stock-service");
        try {
            Stack.withEnvironment(Map.of("STACK_BASELINES", "false"), () -> Stack.up("stock-service"));
            ManagedChannel channel = Grpc.channelTo("stock-service");
            try {
                refused(Status.Code.PERMISSION_DENIED, () -> StockBaselineGrpc.newBlockingStub(channel)
                        .deductStock(units("baseline-" + UUID.randomUUID(), product, 3)));
            } finally {
                Grpc.close(channel);
            }
            assertEquals(10, Shop.product(product).quantity());
        } finally {
            Stack.down("stock-service");
            Stack.up("stock-service");
        }
    }

    /**
     * Every port of the stack listens on the loopback address only, but the gateway's (8080) and DTM's
     * (v1.19.0 has no bind setting; the branch token guards what it can reach): as the kernel lists
     * them ({@code /proc/net/tcp}, {@code tcp6}), and as a connection to each non-loopback address of
     * this machine finds them.
     */
    @Test
    void nothingButTheGatewayAndDtmListensBeyondLoopback() throws Exception {
        Set<Integer> ours = Set.of(3306, 8500, 8300, 8301, 8302, 8011, 8012, 8013, 8014, 9011, 9012, 9013, 9014);
        Set<Integer> open = Set.of(8080, 36789, 36790);
        List<String> exposed = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table)); // read once: it changes with every connection
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (!f[3].equals("0A")) { // LISTEN
                    continue;
                }
                String[] local = f[1].split(":");
                int port = Integer.parseInt(local[1], 16);
                if (ours.contains(port) && !isLoopback(local[0])) {
                    exposed.add(table + " port " + port + " on " + local[0]);
                }
            }
        }
        assertEquals(List.of(), exposed);
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address.isLoopbackAddress() || !(address instanceof Inet4Address)) {
                    continue;
                }
                for (int port : ours) {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress(address, port), 500);
                        exposed.add(address + ":" + port + " accepted a connection");
                    } catch (java.io.IOException refused) {
                        // what it should do
                    }
                }
            }
        }
        assertEquals(List.of(), exposed);
        assertTrue(open.contains(8080));
    }

    /** A local address of /proc/net/tcp(6), hex: 127.x.x.x, ::1 or ::ffff:127.x.x.x. */
    private static boolean isLoopback(String hex) {
        if (hex.length() == 8) {
            return hex.endsWith("7F"); // little-endian 127.x.x.x
        }
        return hex.equals("00000000000000000000000001000000") || (hex.startsWith("0000000000000000FFFF0000")
                && hex.endsWith("7F"));
    }

    private static StockServiceGrpc.StockServiceBlockingStub stock(String gid, String transType, String branchId, String op) {
        return StockServiceGrpc.newBlockingStub(stockChannel)
                .withInterceptors(SignedBranch.attach(new BranchContext(gid, transType, branchId, op, "")));
    }

    private static PaymentServiceGrpc.PaymentServiceBlockingStub payment(String gid, String transType, String branchId,
            String op) {
        return PaymentServiceGrpc.newBlockingStub(paymentChannel)
                .withInterceptors(SignedBranch.attach(new BranchContext(gid, transType, branchId, op, "")));
    }

    private static StockRequest units(String gid, long product, int quantity) {
        return StockRequest.newBuilder().setOrderNo(gid).setProductId(product).setQuantity(quantity).build();
    }

    private static PaymentRequest money(String orderNo, long buyer, long cents) {
        return PaymentRequest.newBuilder().setOrderNo(orderNo).setUserId(buyer).setAmountCents(cents).build();
    }

    /** DTM's metadata for a branch, with these extra headers (a forged or missing token). */
    private static ClientInterceptor metadata(String gid, String transType, String branchId, String op,
            Map<String, String> headers) {
        return DtmMetadata.attach(new BranchContext(gid, transType, branchId, op, ""), headers);
    }

    private static void refused(Status.Code code, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
    }
}
