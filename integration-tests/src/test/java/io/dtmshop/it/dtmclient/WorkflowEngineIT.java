package io.dtmshop.it.dtmclient;

import io.dtmshop.it.SignedBranch;

import io.dtmshop.dtm.BranchInvoker;
import io.dtmshop.dtm.ChannelBranchInvoker;
import io.dtmshop.dtm.DbConf;
import io.dtmshop.dtm.DtmFailureException;
import io.dtmshop.dtm.DtmGrpcClient;
import io.dtmshop.dtm.workflow.Workflows;
import io.dtmshop.it.Consul;
import io.dtmshop.it.Grpc;
import io.dtmshop.it.ShopDb;
import io.dtmshop.it.StackExtension;
import io.dtmshop.proto.stock.v1.StockReply;
import io.dtmshop.proto.stock.v1.StockRequest;
import io.grpc.ManagedChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * dtm-client's workflow engine against the real DTM, with stock-service's SAGA handlers as
 * branches: what DTM records, that a re-executed workflow runs no recorded step again, that a
 * failure runs the rollbacks last first and is final, and a local XA branch ({@code doXa}) on
 * stock_db. The workflows run in this JVM; their callback URL names a service Consul does not
 * know, and every test finishes its workflows long before DTM would call back (RetryInterval).
 */
@ExtendWith({StackExtension.class, StockBarrierTable.class})
class WorkflowEngineIT {

    private static final String STOCK = "discovery:///stock-service/stock.v1.StockService/";
    private static final String DEDUCT = STOCK + "DeductStock";
    private static final String REFUND = STOCK + "RefundStock";

    private static ManagedChannel dtmChannel;
    private static ManagedChannel stockChannel;
    private static DtmGrpcClient dtm;
    /** Every branch URL this JVM called, in order. */
    private static final List<String> calls = new CopyOnWriteArrayList<>();
    private static Workflows workflows;

    @BeforeAll
    static void connect() {
        dtmChannel = Grpc.channelTo("dtm-service");
        stockChannel = Grpc.channelTo("stock-service");
        ChannelBranchInvoker stock = new ChannelBranchInvoker(service -> stockChannel, Duration.ofSeconds(10));
        BranchInvoker counting = (url, payload, branch, headers) -> {
            calls.add(branch.branchId() + " " + branch.op() + " " + url.substring(STOCK.length()));
            return stock.invoke(url, payload, branch, headers);
        };
        dtm = SignedBranch.signing(new DtmGrpcClient(Consul.address("dtm-service"), dtmChannel, counting).withDeadline(Duration.ofSeconds(20)));
        workflows = new Workflows(dtm, Workflows.callbackUrl("discovery:///no-such-workflow-service"));
    }

    @AfterAll
    static void close() throws InterruptedException {
        Grpc.close(dtmChannel);
        Grpc.close(stockChannel);
    }

    private static StockRequest units(String gid, long product, int quantity) {
        return StockRequest.newBuilder().setOrderNo(gid).setProductId(product).setQuantity(quantity).build();
    }

    @Test
    void reExecutionReplaysRecordedStepsAndRunsOnlyTheRest() throws Exception {
        long product = ShopDb.newProduct("Workflow replay", 100, 10);
        AtomicBoolean stopAtBranch2 = new AtomicBoolean(true);
        AtomicInteger branch2Runs = new AtomicInteger();
        List<byte[]> branch1Replies = new ArrayList<>();
        workflows.register("it-replay", (wf, data) -> {
            String gid = wf.gid();
            wf.newBranch().onRollback(bb -> wf.callBranch(units(gid, product, 1), REFUND));
            branch1Replies.add(wf.callBranch(units(gid, product, 1), DEDUCT));
            wf.newBranch().doAction(bb -> {
                branch2Runs.incrementAndGet();
                if (stopAtBranch2.getAndSet(false)) {
                    // an unknown outcome, as a crash or a timeout would leave: not recorded, not submitted
                    throw new IllegalStateException("process stopped");
                }
                return "two".getBytes(StandardCharsets.UTF_8);
            });
            wf.newBranch().callBranch(units(gid, product, 2), DEDUCT);
            return "done".getBytes(StandardCharsets.UTF_8);
        });
        String gid = dtm.newGid();
        calls.clear();

        IllegalStateException stopped = assertThrows(IllegalStateException.class,
                () -> workflows.execute("it-replay", gid, new byte[0]));
        assertEquals("process stopped", stopped.getMessage());
        assertEquals("prepared", DtmHttp.status(gid), "not submitted: DTM would call the workflow back");
        assertEquals(List.of("01 action succeed"), DtmHttp.branches(gid));
        assertEquals(List.of("01 action DeductStock"), calls);

        byte[] result = workflows.execute("it-replay", gid, new byte[0]);

        assertArrayEquals("done".getBytes(StandardCharsets.UTF_8), result);
        // Branch 01 came from DTM's record: not called again, and the same reply as the first time.
        assertEquals(List.of("01 action DeductStock", "03 action DeductStock"), calls);
        assertArrayEquals(branch1Replies.get(0), branch1Replies.get(1));
        assertEquals(9, StockReply.parseFrom(branch1Replies.get(1)).getQuantity());
        assertEquals(2, branch2Runs.get());
        assertEquals(List.of("DEDUCT 1", "DEDUCT 2"), StockDb.stockMovements(gid));
        assertEquals("succeed", DtmHttp.status(gid));
        assertEquals(List.of("01 action succeed", "02 action succeed", "03 action succeed"), DtmHttp.branches(gid));

        // A third time: the workflow is over, nothing runs at all.
        workflows.execute("it-replay", gid, new byte[0]);
        assertEquals(2, calls.size());
        assertEquals(2, branch2Runs.get());
        assertEquals(List.of("DEDUCT 1", "DEDUCT 2"), StockDb.stockMovements(gid));
    }

    @Test
    void failureRunsRollbacksLastFirstAndIsFinal() throws Exception {
        long product = ShopDb.newProduct("Workflow rollback", 100, 10);
        List<String> rollbacks = new CopyOnWriteArrayList<>();
        AtomicInteger runs = new AtomicInteger();
        workflows.register("it-rollback", (wf, data) -> {
            runs.incrementAndGet();
            String gid = wf.gid();
            wf.newBranch().onRollback(bb -> {
                rollbacks.add(bb.branchId() + " " + bb.op());
                wf.callBranch(units(gid, product, 3), REFUND);
            });
            wf.callBranch(units(gid, product, 3), DEDUCT);
            wf.newBranch().onRollback(bb -> rollbacks.add(bb.branchId() + " " + bb.op()))
                    .doAction(bb -> new byte[0]);
            wf.newBranch().onRollback(bb -> rollbacks.add(bb.branchId() + " " + bb.op()))
                    .doAction(bb -> {
                        throw new DtmFailureException("the third step refuses");
                    });
            return null;
        });
        String gid = dtm.newGid();
        calls.clear();

        DtmFailureException failure = assertThrows(DtmFailureException.class,
                () -> workflows.execute("it-rollback", gid, new byte[0]));

        assertEquals("the third step refuses", failure.getMessage());
        // 03 refused, so it has nothing to undo (compensateErrorBranch is off): 02, then 01.
        assertEquals(List.of("02 rollback", "01 rollback"), rollbacks);
        assertEquals(List.of("01 action DeductStock", "01 rollback RefundStock"), calls);
        assertEquals(List.of("DEDUCT 3", "REFUND 3"), StockDb.stockMovements(gid));
        assertEquals("failed", DtmHttp.status(gid));
        assertEquals("the third step refuses", DtmHttp.transaction(gid, "rollback_reason"));
        assertEquals(List.of("01 action succeed", "02 action succeed", "03 action failed",
                "02 rollback succeed", "01 rollback succeed"), DtmHttp.branches(gid));

        // Executed again: DTM answers "failed" before the workflow function is even called.
        DtmFailureException again = assertThrows(DtmFailureException.class,
                () -> workflows.execute("it-rollback", gid, new byte[0]));
        assertEquals("the third step refuses", again.getMessage());
        assertEquals(1, runs.get());
        assertEquals(2, rollbacks.size());
    }

    @Test
    void doXaCommitsWithTheWorkflowOrRollsBackWithIt() throws Exception {
        DbConf stockDb = new DbConf(StockDb.URL, StockDb.USER, StockDb.PASSWORD);
        long kept = ShopDb.newProduct("Workflow XA kept", 100, 10);
        long undone = ShopDb.newProduct("Workflow XA undone", 100, 10);
        workflows.register("it-xa", (wf, data) -> {
            long product = Long.parseLong(new String(data, StandardCharsets.UTF_8));
            wf.newBranch().doXa(stockDb, xa -> {
                try (PreparedStatement ps = xa.prepareStatement(
                        "UPDATE stock SET quantity = quantity - 4 WHERE product_id = ?")) {
                    ps.setLong(1, product);
                    ps.executeUpdate();
                }
                return null;
            });
            if (product == undone) {
                wf.newBranch().doAction(bb -> {
                    throw new DtmFailureException("second branch refuses");
                });
            }
            return null;
        });

        String committed = dtm.newGid();
        workflows.execute("it-xa", committed, Long.toString(kept).getBytes(StandardCharsets.UTF_8));
        assertEquals(6, quantity(kept));
        assertEquals(List.of("01 business succeed", "01 action succeed", "01 commit succeed"), DtmHttp.branches(committed));

        String rolledBack = dtm.newGid();
        assertThrows(DtmFailureException.class,
                () -> workflows.execute("it-xa", rolledBack, Long.toString(undone).getBytes(StandardCharsets.UTF_8)));
        assertEquals(10, quantity(undone));
        assertEquals(List.of("01 business succeed", "01 action succeed", "02 action failed", "01 rollback succeed"),
                DtmHttp.branches(rolledBack));
        assertEquals(List.of(), ShopDb.preparedXids(committed));
        assertEquals(List.of(), ShopDb.preparedXids(rolledBack));
    }

    private static int quantity(long product) throws Exception {
        try (Connection c = StockDb.connect();
             PreparedStatement ps = c.prepareStatement("SELECT quantity FROM stock WHERE product_id = ?")) {
            ps.setLong(1, product);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
