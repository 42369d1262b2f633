package io.dtmshop.dtm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtmshop.dtm.grpc.gen.DtmRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * The pure parts of TCC and XA: branch ids, what is sent to DTM, XA ids and how errors read.
 * The protocol itself (prepare, register, try/action, submit/abort, phase 2) is tested against
 * the real DTM and MariaDB in integration-tests.
 */
class TccXaGrpcTest {

    @Test
    void subBranchIdsCountFrom01To99() {
        SubBranchIds ids = new SubBranchIds();
        assertEquals("01", ids.next());
        assertEquals("02", ids.next());
        for (int i = 3; i <= 99; i++) {
            ids.next();
        }
        assertThrows(IllegalStateException.class, ids::next);
    }

    @Test
    void globalRequestsCarryTheTransTypeAndOptions() {
        DtmRequest tcc = new TccGrpc(NoCalls.dtm(), "g1").waitResult(true).timeoutToFail(30).toDtmRequest();
        assertEquals("tcc", tcc.getTransType());
        assertEquals("g1", tcc.getGid());
        assertTrue(tcc.getTransOptions().getWaitResult());
        assertEquals(30, tcc.getTransOptions().getTimeoutToFail());
        assertEquals("null", tcc.getSteps(), "TCC and XA have no steps: branches register themselves");
        assertEquals("xa", new XaGrpc(NoCalls.dtm(), "g2").toDtmRequest().getTransType());
    }

    @Test
    void xaIdIsGidDashBranch() {
        assertEquals("Kf8x_2-a-01", XaLocalTransaction.xid(new BranchContext("Kf8x_2-a", "xa", "01", "action", "")));
    }

    @Test
    void xaIdRefusesWhatCouldBreakOutOfTheSqlLiteral() {
        DtmFailureException e = assertThrows(DtmFailureException.class, () ->
                XaLocalTransaction.xid(new BranchContext("g'; XA COMMIT 'x", "xa", "01", "action", "")));
        assertTrue(e.getMessage().contains("letters A-Z and a-z, digits"), e.getMessage());
        assertThrows(DtmFailureException.class, () ->
                XaLocalTransaction.xid(new BranchContext("g", "xa", "0 1", "action", "")));
    }

    @Test
    void xaIdIsAtMost64Bytes() {
        assertEquals("g".repeat(61) + "-01",
                XaLocalTransaction.xid(new BranchContext("g".repeat(61), "xa", "01", "action", "")));
        DtmFailureException e = assertThrows(DtmFailureException.class, () ->
                XaLocalTransaction.xid(new BranchContext("g".repeat(62), "xa", "01", "action", "")));
        assertEquals("XA branch refused: its XA id (gid '-' branch id) would be 65 bytes long; MySQL and MariaDB "
                + "take at most 64", e.getMessage());
    }

    @Test
    void xaPhase2OfABranchThatCannotHaveAnXaIdIsDoneWithoutADatabase() throws SQLException {
        DbConf nowhere = new DbConf("jdbc:mysql://127.0.0.1:1/none", "nobody", "");
        XaLocalTransaction.phase2(nowhere, new BranchContext("g".repeat(62), "xa", "01", "rollback", ""));
        XaLocalTransaction.phase2(nowhere, new BranchContext("g".repeat(129), "workflow", "01", "commit", ""));
    }

    @Test
    void unknownXidIsRecognisedByCodeOrText() {
        assertTrue(XaLocalTransaction.isUnknownXid(new SQLException("XAER_NOTA: Unknown XID", "XAE04", 1397)));
        assertTrue(XaLocalTransaction.isUnknownXid(new SQLException("(conn=5) XAER_NOTA: Unknown XID")));
        assertFalse(XaLocalTransaction.isUnknownXid(new SQLException("Lock wait timeout exceeded", "HY000", 1205)));
    }

    @Test
    void branchErrorsNameTheBranchUnlessTheyAreDtmResults() {
        RuntimeException unavailable = DtmGrpcErrors.withBranch(
                Status.UNAVAILABLE.withDescription("io exception").asRuntimeException(), "discovery:///order-service/o.O/Try");
        StatusRuntimeException sre = assertInstanceOf(StatusRuntimeException.class, unavailable);
        assertEquals(Status.Code.UNAVAILABLE, sre.getStatus().getCode());
        assertTrue(sre.getStatus().getDescription().contains("io exception"));
        assertTrue(sre.getStatus().getDescription().contains("discovery:///order-service/o.O/Try"));

        RuntimeException refused = DtmGrpcErrors.withBranch(
                Status.ABORTED.withDescription("not enough stock").asRuntimeException(), "u");
        assertEquals("not enough stock", assertInstanceOf(DtmFailureException.class, refused).reason());

        DtmFailureException failure = new DtmFailureException("x");
        assertSame(failure, DtmGrpcErrors.withBranch(failure, "u"));
    }

    @Test
    void xaLocalTransactionRefusesACallWithoutBranch() {
        assertThrows(DtmFailureException.class, () -> NoCalls.dtm().xaLocalTransaction(null, null, xa -> { }));
        assertThrows(DtmFailureException.class, () -> NoCalls.dtm().xaLocalTransaction(
                new BranchContext("g", "xa", "", "action", ""), null, xa -> { }));
    }
}
