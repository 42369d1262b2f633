package io.dtmshop.it.dtmclient;

import io.dtmshop.dtm.BranchContext;
import io.dtmshop.dtm.DbConf;
import io.dtmshop.dtm.DtmConstants;
import io.dtmshop.dtm.DtmOngoingException;
import io.dtmshop.dtm.XaLocalTransaction;
import io.dtmshop.dtm.barrier.BranchBarrier;
import io.dtmshop.it.ShopDb;
import io.dtmshop.it.StackExtension;
import io.grpc.Context;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * XA phase 2 on the real MariaDB, for the case the benchmark found: a branch prepared by a session
 * that has not closed yet is "unknown" to XA COMMIT from any other session. That commit must not
 * count as done (the branch would stay prepared, holding its rows, with DTM believing it committed).
 */
@ExtendWith({StackExtension.class, StockBarrierTable.class})
class XaPhase2IT {

    private static final DbConf STOCK_DB = new DbConf(StockDb.URL, StockDb.USER, StockDb.PASSWORD);

    @Test
    void commitOfABranchItsPreparingSessionStillHoldsIsOngoingThenCommits() throws Exception {
        String gid = "xa-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        BranchContext commit = new BranchContext(gid, "xa", "01", DtmConstants.OP_COMMIT, "", "");
        String xid = gid + "-01";

        try (Connection preparing = StockDb.connect(); Statement sql = preparing.createStatement()) {
            // What XaLocalTransaction.action does, with the session kept open afterwards.
            sql.execute("XA START '" + xid + "'");
            BranchBarrier.insertBarrier(preparing, BranchBarrier.SERVICE_TABLE_NAME, "xa", gid, "01",
                    DtmConstants.OP_ACTION, DtmConstants.XA_BARRIER1, DtmConstants.OP_ACTION);
            sql.execute("XA END '" + xid + "'");
            sql.execute("XA PREPARE '" + xid + "'");

            assertThrows(DtmOngoingException.class, () -> XaLocalTransaction.phase2(STOCK_DB, commit),
                    "MariaDB says XAER_NOTA while the preparing session is open: not committed yet");
            assertEquals(null, barrierReason(gid));
        }

        assertDoesNotThrow(() -> XaLocalTransaction.phase2(STOCK_DB, commit), "the session closed: it commits");
        assertEquals(DtmConstants.OP_ACTION, barrierReason(gid));
        // DTM repeating the commit: the barrier row is committed, so "unknown XID" now means done.
        assertDoesNotThrow(() -> XaLocalTransaction.phase2(STOCK_DB, commit));
    }

    @Test
    void anActionWhoseCallerGaveUpDoesNotPrepare() throws Exception {
        String gid = "xa-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        BranchContext action = new BranchContext(gid, DtmConstants.TRANS_TYPE_WORKFLOW, "01", DtmConstants.OP_ACTION,
                "", "");
        Context.CancellableContext call = Context.current().withCancellation();
        call.cancel(null); // what the server does to a call whose client deadline passed

        assertThrows(DtmOngoingException.class, () -> call.call(() -> {
            XaLocalTransaction.action(action, STOCK_DB, conn -> { }, () -> { });
            return null;
        }));
        assertEquals(List.of(), ShopDb.preparedXids(gid), "nothing left prepared to hold rows");
        assertEquals(null, barrierReason(gid), "the action's barrier row was rolled back with it");
    }

    /** The committed reason of the branch's barrier row, null when none is committed. */
    private static String barrierReason(String gid) throws Exception {
        try (Connection c = StockDb.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT reason FROM dtm_barrier WHERE gid = ? AND branch_id = '01' AND op = 'action'")) {
            ps.setString(1, gid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
