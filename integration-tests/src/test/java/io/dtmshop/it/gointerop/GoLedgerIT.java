package io.dtmshop.it.gointerop;

import com.mysql.cj.jdbc.MysqlDataSource;
import io.dtmshop.dtm.ChannelBranchInvoker;
import io.dtmshop.dtm.DtmFailureException;
import io.dtmshop.dtm.DtmGrpcClient;
import io.dtmshop.dtm.workflow.Workflows;
import io.dtmshop.it.Consul;
import io.dtmshop.it.Grpc;
import io.dtmshop.it.StackExtension;
import io.dtmshop.it.dtmclient.DtmHttp;
import io.dtmshop.it.dtmclient.StockDb;
import io.dtmshop.it.proto.ledger.v1.LedgerGrpc;
import io.dtmshop.it.proto.ledger.v1.LedgerReply;
import io.dtmshop.it.proto.ledger.v1.LedgerRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Java's dtm-client driving branches written with DTM's official Go client: the Go ledger
 * ({@link GoLedger}, ledger.v1.Ledger) in every mode, committed and rolled back. The client is built
 * as dtm-client's README tells users to: the DTM address it is given - here the direct one, which
 * the Go ledger dials as it is - travels in {@code dtm-dtm}, and the barrier is the default one.
 * What happened is read from the ledger's database and DTM's HTTP query API.
 */
@ExtendWith({StackExtension.class, GoLedger.class})
class GoLedgerIT {

    private static final Duration DTM_FINISHES = Duration.ofSeconds(30);

    private static ManagedChannel dtmChannel;
    private static ManagedChannel ledgerChannel;
    private static DtmGrpcClient dtm;
    private static LedgerGrpc.LedgerBlockingStub ledger;
    private static Workflows workflows;

    @BeforeAll
    static void connect() {
        String dtmAddress = Consul.address("dtm-service");
        dtmChannel = ManagedChannelBuilder.forTarget(dtmAddress).usePlaintext().build();
        ledgerChannel = ManagedChannelBuilder.forTarget(GoLedger.address()).usePlaintext().build();
        Map<String, ManagedChannel> channels = Map.of(GoLedger.address(), ledgerChannel);
        dtm = new DtmGrpcClient(dtmAddress, dtmChannel, new ChannelBranchInvoker(channels::get));
        ledger = LedgerGrpc.newBlockingStub(ledgerChannel);
        workflows = new Workflows(dtm, Workflows.callbackUrl("discovery:///no-such-workflow-service"));
        workflows.register("it-go-ledger", GoLedgerIT::debitBoth);
        workflows.register("it-go-ledger-replay", GoLedgerIT::debitThenStopOnce);
    }

    @AfterAll
    static void close() throws InterruptedException {
        Grpc.close(dtmChannel);
        Grpc.close(ledgerChannel);
    }

    /**
     * DTM's status once the transaction ended (succeed or failed): a TCC or XA submit or abort
     * without waitResult returns before DTM finished phase 2.
     */
    static String finalStatus(String gid) {
        return await().atMost(DTM_FINISHES).pollInterval(Duration.ofMillis(200))
                .until(() -> DtmHttp.status(gid), DtmHttp::finished);
    }

    private static LedgerRequest debit(String account, long cents) {
        return LedgerRequest.newBuilder().setAccount(account).setAmountCents(cents).build();
    }

    // ---- SAGA ----

    @Test
    void sagaOfGoBranchesCommits() throws Exception {
        String a = LedgerDb.openAccount(1000);
        String b = LedgerDb.openAccount(1000);
        String gid = dtm.newGid();
        dtm.newSaga(gid)
                .add(GoLedger.url("Debit"), GoLedger.url("Credit"), debit(a, 300))
                .add(GoLedger.url("Debit"), GoLedger.url("Credit"), debit(b, 200))
                .waitResult(true)
                .submit();

        assertEquals("succeed", finalStatus(gid));
        assertEquals("700 0", LedgerDb.figures(a));
        assertEquals("800 0", LedgerDb.figures(b));
    }

    @Test
    void sagaOfGoBranchesRollsBack() throws Exception {
        String a = LedgerDb.openAccount(1000);
        String b = LedgerDb.openAccount(100);
        String gid = dtm.newGid();
        DtmFailureException e = assertThrows(DtmFailureException.class, () -> dtm.newSaga(gid)
                .add(GoLedger.url("Debit"), GoLedger.url("Credit"), debit(a, 300))
                .add(GoLedger.url("Debit"), GoLedger.url("Credit"), debit(b, 200))
                .waitResult(true)
                .submit());

        assertTrue(e.reason().contains("cannot give 200 cents"), e.getMessage());
        assertEquals("failed", finalStatus(gid));
        assertEquals("1000 0", LedgerDb.figures(a), "compensated by Go's Credit");
        assertEquals("100 0", LedgerDb.figures(b));
        // DTM compensates the branch that refused too: Go's barrier finds no action row, a null compensation
        assertEquals(List.of("saga 01 action 01 action", "saga 01 compensate 01 compensate",
                "saga 02 action 01 compensate", "saga 02 compensate 01 compensate"),
                LedgerDb.goBarrierRows(gid).stream().sorted().toList());
    }

    // ---- TCC, with a nested TCC in Go (TccFromGrpc) ----

    @Test
    void tccWithANestedGoTccCommits() throws Exception {
        String a = LedgerDb.openAccount(1000);
        String fee = LedgerDb.openAccount(100);
        String b = LedgerDb.openAccount(1000);
        String gid = dtm.newGid();
        LedgerReply[] replies = new LedgerReply[2];
        dtm.tccGlobalTransaction(gid, tcc -> {
            // Go's TccFromGrpc reads DTM's address from dtm-dtm and registers the fee as branch 0101 there
            replies[0] = tcc.callBranch(debit(a, 300).toBuilder().setFeeAccount(fee).setFeeCents(20).build(),
                    GoLedger.url("TryDebitWithFee"), GoLedger.url("ConfirmDebit"), GoLedger.url("CancelDebit"),
                    LedgerReply.getDefaultInstance());
            replies[1] = tcc.callBranch(debit(b, 200), GoLedger.url("TryDebit"), GoLedger.url("ConfirmDebit"),
                    GoLedger.url("CancelDebit"), LedgerReply.getDefaultInstance());
        });

        assertEquals(a + " 1000 300", replies[0].getAccount() + " " + replies[0].getBalanceCents() + " "
                + replies[0].getFrozenCents(), "the Try's reply, as a LedgerReply");
        assertEquals(200, replies[1].getFrozenCents());
        assertEquals("succeed", finalStatus(gid));
        assertEquals("700 0", LedgerDb.figures(a));
        assertEquals("80 0", LedgerDb.figures(fee));
        assertEquals("800 0", LedgerDb.figures(b));
        assertEquals(List.of("01 cancel prepared", "01 confirm succeed", "0101 cancel prepared", "0101 confirm succeed",
                "02 cancel prepared", "02 confirm succeed"), DtmHttp.branches(gid).stream().sorted().toList());
    }

    @Test
    void tccWithANestedGoTccRollsBackWithGosAbortReason() throws Exception {
        String a = LedgerDb.openAccount(1000);
        String fee = LedgerDb.openAccount(10);
        String gid = dtm.newGid();
        assertThrows(DtmFailureException.class, () -> dtm.tccGlobalTransaction(gid, tcc ->
                tcc.callBranch(debit(a, 300).toBuilder().setFeeAccount(fee).setFeeCents(20).build(),
                        GoLedger.url("TryDebitWithFee"), GoLedger.url("ConfirmDebit"), GoLedger.url("CancelDebit"))));

        assertEquals("failed", finalStatus(gid));
        assertEquals("1000 0", LedgerDb.figures(a), "the outer Try cancelled");
        assertEquals("10 0", LedgerDb.figures(fee));
        // Go's TccGlobalTransaction aborts with rerr.Error(): the Try's answer as grpc-go prints it
        assertEquals("rpc error: code = Aborted desc = account " + fee + " cannot give 20 cents: FAILURE",
                DtmHttp.transaction(gid, "rollback_reason"));
    }

    // ---- XA, with Go's XaLocalTransaction ----

    @Test
    void xaOfGoBranchesCommits() throws Exception {
        String a = LedgerDb.openAccount(1000);
        String b = LedgerDb.openAccount(1000);
        String gid = dtm.newGid();
        dtm.xaGlobalTransaction(gid, xa -> {
            // Go's XaLocalTransaction registers the branch with DTM at the address in dtm-dtm
            LedgerReply reply = xa.callBranch(debit(a, 300), GoLedger.url("XaDebit"), LedgerReply.getDefaultInstance());
            assertEquals(a, reply.getAccount());
            xa.callBranch(debit(b, 200), GoLedger.url("XaDebit"));
        });

        assertEquals("succeed", finalStatus(gid));
        assertEquals("700 0", LedgerDb.figures(a));
        assertEquals("800 0", LedgerDb.figures(b));
        assertEquals(List.of("01 commit succeed", "01 rollback prepared", "02 commit succeed", "02 rollback prepared"),
                DtmHttp.branches(gid).stream().sorted().toList(), "registered by Go's XaLocalTransaction, committed");
    }

    @Test
    void xaOfGoBranchesRollsBack() throws Exception {
        String a = LedgerDb.openAccount(1000);
        String b = LedgerDb.openAccount(100);
        String gid = dtm.newGid();
        assertThrows(DtmFailureException.class, () -> dtm.xaGlobalTransaction(gid, xa -> {
            xa.callBranch(debit(a, 300), GoLedger.url("XaDebit"));
            xa.callBranch(debit(b, 200), GoLedger.url("XaDebit"));
        }));

        assertEquals("failed", finalStatus(gid));
        assertEquals("1000 0", LedgerDb.figures(a), "the prepared branch rolled back");
        assertEquals("100 0", LedgerDb.figures(b));
    }

    // ---- 2-phase message ----

    @Test
    void aMessageWhoseLocalStepIsGosCommits() throws Exception {
        String a = LedgerDb.openAccount(1000);
        String b = LedgerDb.openAccount(1000);
        String gid = dtm.newGid();
        var msg = dtm.newMsg(gid).add(GoLedger.url("Credit"), debit(b, 300)).waitResult(true);
        msg.doAndSubmit(GoLedger.url("QueryPrepared"), bb -> ledger.withInterceptors(msg.attach(bb)).debit(debit(a, 300)));

        assertEquals("succeed", finalStatus(gid));
        assertEquals("700 0", LedgerDb.figures(a));
        assertEquals("1300 0", LedgerDb.figures(b));
    }

    @Test
    void aMessageWhoseGoLocalStepRefusesIsAborted() throws Exception {
        String a = LedgerDb.openAccount(100);
        String b = LedgerDb.openAccount(1000);
        String gid = dtm.newGid();
        var msg = dtm.newMsg(gid).add(GoLedger.url("Credit"), debit(b, 300)).waitResult(true);
        assertThrows(RuntimeException.class, () -> msg.doAndSubmit(GoLedger.url("QueryPrepared"),
                bb -> ledger.withInterceptors(msg.attach(bb)).debit(debit(a, 300))));

        assertEquals("failed", finalStatus(gid));
        assertEquals("100 0", LedgerDb.figures(a));
        assertEquals("1000 0", LedgerDb.figures(b), "the message was never delivered");
    }

    /**
     * A local step written with this client's barrier in the database of a Go service, whose
     * QueryPrepared (Go's bb.QueryPrepared) must find it: both use the default table, Go's
     * dtm_barrier.barrier. The local step's answer is lost, so the client asks QueryPrepared.
     */
    @Test
    void aLocalStepWithThisClientsBarrierIsFoundByGosQueryPrepared() throws Exception {
        String a = LedgerDb.openAccount(1000);
        String b = LedgerDb.openAccount(1000);
        MysqlDataSource goledgerDb = new MysqlDataSource();
        goledgerDb.setUrl(LedgerDb.URL);
        goledgerDb.setUser(StockDb.USER);
        goledgerDb.setPassword(StockDb.PASSWORD);
        String gid = dtm.newGid();
        var msg = dtm.newMsg(gid).add(GoLedger.url("Credit"), debit(b, 300)).waitResult(true);

        IllegalStateException lost = assertThrows(IllegalStateException.class, () ->
                msg.doAndSubmit(GoLedger.url("QueryPrepared"), bb -> {
                    bb.callWithDb(goledgerDb, tx -> {
                        try (PreparedStatement ps = tx.prepareStatement(
                                "UPDATE ledger_account SET balance_cents = balance_cents - 300 WHERE account = ?")) {
                            ps.setString(1, a);
                            ps.executeUpdate();
                        }
                    });
                    throw new IllegalStateException("the local step committed, its answer was lost");
                }));

        assertEquals("the local step committed, its answer was lost", lost.getMessage());
        // the local step's row, written by Java, and the message action's, by Go's Credit
        assertEquals(List.of("msg 00 msg 01 msg", "msg 01 action 01 action"), LedgerDb.goBarrierRows(gid));
        assertEquals("succeed", finalStatus(gid), "Go's QueryPrepared said committed");
        assertEquals("700 0", LedgerDb.figures(a));
        assertEquals("1300 0", LedgerDb.figures(b));
    }

    // ---- workflow: Go branches as steps, through a generated stub and by URL ----

    /** The workflow "it-go-ledger": debits 300 from the first account and 200 from the second (data "a b"). */
    private static byte[] debitBoth(io.dtmshop.dtm.workflow.Workflow wf, byte[] data) {
        String[] accounts = new String(data, StandardCharsets.UTF_8).split(" ");
        // a generated stub's call, recorded as the step by the interceptor (Go: workflow.Interceptor)
        LedgerGrpc.LedgerBlockingStub steps = ledger.withInterceptors(wf.interceptor());
        wf.newBranch().onRollback(bb -> steps.credit(debit(accounts[0], 300)));
        LedgerReply first = steps.debit(debit(accounts[0], 300));
        // and a call by URL, read as a LedgerReply
        wf.newBranch().onRollback(bb -> wf.callBranch(debit(accounts[1], 200), GoLedger.url("Credit")));
        LedgerReply second = wf.callBranch(debit(accounts[1], 200), GoLedger.url("Debit"), LedgerReply.getDefaultInstance());
        return (first.getBalanceCents() + " " + second.getBalanceCents()).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aWorkflowOfGoStepsCommits() throws Exception {
        String a = LedgerDb.openAccount(1000);
        String b = LedgerDb.openAccount(1000);
        String gid = dtm.newGid();
        byte[] result = workflows.execute("it-go-ledger", gid, (a + " " + b).getBytes(StandardCharsets.UTF_8));

        assertEquals("700 800", new String(result, StandardCharsets.UTF_8), "the replies of both steps");
        assertEquals("succeed", finalStatus(gid));
        assertEquals(List.of("01 action succeed", "02 action succeed"), DtmHttp.branches(gid));
        assertEquals("700 0", LedgerDb.figures(a));
        assertEquals("800 0", LedgerDb.figures(b));
        assertEquals(List.of("workflow 01 action 01 action", "workflow 02 action 01 action"), LedgerDb.goBarrierRows(gid));
    }

    /** Accounts whose workflow "it-go-ledger-replay" stops (an unknown outcome) after its first step, once. */
    private static final java.util.Set<String> STOP_ONCE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** The workflow "it-go-ledger-replay": debits 300 through the stub, then a local step that stops once. */
    private static byte[] debitThenStopOnce(io.dtmshop.dtm.workflow.Workflow wf, byte[] data) {
        String account = new String(data, StandardCharsets.UTF_8);
        wf.newBranch();
        LedgerReply debited = ledger.withInterceptors(wf.interceptor()).debit(debit(account, 300));
        wf.newBranch().doAction(bb -> {
            if (STOP_ONCE.remove(account)) {
                throw new IllegalStateException("process stopped"); // not recorded, not submitted
            }
            return null;
        });
        return debited.toByteArray();
    }

    @Test
    void aStubStepIsReplayedFromDtmsRecord() throws Exception {
        String a = LedgerDb.openAccount(1000);
        STOP_ONCE.add(a);
        String gid = dtm.newGid();
        byte[] data = a.getBytes(StandardCharsets.UTF_8);
        assertThrows(IllegalStateException.class, () -> workflows.execute("it-go-ledger-replay", gid, data));
        assertEquals("prepared", DtmHttp.status(gid));
        assertEquals("700 0", LedgerDb.figures(a));
        // a Go call now would answer 705 (its barrier skips the repeated debit, the reply reads the balance)
        LedgerDb.addBehindTheBack(a, 5);

        // executed again (as DTM's callback would): the stub's step comes from DTM's record, Go is not called
        LedgerReply replayed = LedgerReply.parseFrom(workflows.execute("it-go-ledger-replay", gid, data));

        assertEquals(a + " 700", replayed.getAccount() + " " + replayed.getBalanceCents(), "the first call's reply");
        assertEquals("succeed", finalStatus(gid));
        assertEquals("705 0", LedgerDb.figures(a), "debited once");
        assertEquals(List.of("workflow 01 action 01 action"), LedgerDb.goBarrierRows(gid));
    }

    @Test
    void aWorkflowOfGoStepsRollsBack() throws Exception {
        String a = LedgerDb.openAccount(1000);
        String b = LedgerDb.openAccount(100);
        String gid = dtm.newGid();
        assertThrows(DtmFailureException.class,
                () -> workflows.execute("it-go-ledger", gid, (a + " " + b).getBytes(StandardCharsets.UTF_8)));

        assertEquals("failed", finalStatus(gid));
        assertEquals(List.of("01 action succeed", "02 action failed", "01 rollback succeed"), DtmHttp.branches(gid));
        assertEquals("1000 0", LedgerDb.figures(a), "the interceptor's rollback call credited it back");
        assertEquals("100 0", LedgerDb.figures(b));
        // Go's workflow submits err.Error() after GrpcError2DtmError
        assertEquals("account " + b + " cannot give 200 cents: FAILURE", DtmHttp.transaction(gid, "rollback_reason"));
    }
}
