package io.dtmshop.dtm.barrier;

import static io.dtmshop.dtm.barrier.BranchBarrier.Decision.DUPLICATED_MSG;
import static io.dtmshop.dtm.barrier.BranchBarrier.Decision.RUN;
import static io.dtmshop.dtm.barrier.BranchBarrier.Decision.SKIP_DUPLICATE_OR_HANGING;
import static io.dtmshop.dtm.barrier.BranchBarrier.Decision.SKIP_NULL_COMPENSATION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dtmshop.dtm.BranchContext;
import io.dtmshop.dtm.DtmFailureException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BranchBarrierDecisionTest {

    @ParameterizedTest(name = "{0} origin={1} current={2} -> {3}")
    @CsvSource({
        // forward ops have no origin row (originAffected is always 0)
        "action,     0, 1, RUN",
        "action,     0, 0, SKIP_DUPLICATE_OR_HANGING",
        "try,        0, 1, RUN",
        "try,        0, 0, SKIP_DUPLICATE_OR_HANGING",
        "confirm,    0, 1, RUN",
        "confirm,    0, 0, SKIP_DUPLICATE_OR_HANGING",
        // compensations: origin row inserted now = the action never ran
        "compensate, 0, 1, RUN",
        "compensate, 1, 1, SKIP_NULL_COMPENSATION",
        "compensate, 0, 0, SKIP_DUPLICATE_OR_HANGING",
        "compensate, 1, 0, SKIP_NULL_COMPENSATION",
        "cancel,     0, 1, RUN",
        "cancel,     1, 1, SKIP_NULL_COMPENSATION",
        "cancel,     0, 0, SKIP_DUPLICATE_OR_HANGING",
        "rollback,   0, 1, RUN",
        "rollback,   1, 1, SKIP_NULL_COMPENSATION",
        // a message's local step
        "msg,        0, 1, RUN",
        "msg,        0, 0, DUPLICATED_MSG",
    })
    void decisions(String op, int origin, int current, BranchBarrier.Decision expected) {
        assertEquals(expected, BranchBarrier.decide(op, origin, current));
    }

    @ParameterizedTest(name = "{0} {1} branch {2} op {3} -> {4}")
    @CsvSource({
        // what the table cannot store: refused, except a phase 2 that can have nothing to undo
        "saga,     129, 01,  action,     REFUSE_UNSTORABLE",
        "tcc,      129, 01,  try,        REFUSE_UNSTORABLE",
        "msg,      129, 00,  msg,        REFUSE_UNSTORABLE",
        "saga,     129, 01,  compensate, SKIP_UNSTORABLE_PHASE2",
        "tcc,      129, 01,  cancel,     SKIP_UNSTORABLE_PHASE2",
        "tcc,      129, 01,  confirm,    SKIP_UNSTORABLE_PHASE2",
        "xa,       129, 01,  commit,     SKIP_UNSTORABLE_PHASE2",
        "workflow, 129, 01,  rollback,   SKIP_UNSTORABLE_PHASE2",
        "saga,     22,  0 1, compensate, SKIP_UNSTORABLE_PHASE2",
        // an unknown trans type or op is not a call DTM makes
        "Saga,     22,  01,  compensate, REFUSE_UNSTORABLE",
        "saga,     22,  01,  undo,       REFUSE_UNSTORABLE",
    })
    void unstorableBranches(String transType, int gidLength, String branchId, String op,
            BranchBarrier.Decision expected) {
        assertEquals(Optional.of(expected),
                BranchBarrier.decideUnstorable(transType, "g".repeat(gidLength), branchId, op));
    }

    @Test
    void storableBranchesAreDecidedAfterTheInserts() {
        assertEquals(Optional.empty(), BranchBarrier.decideUnstorable("saga", "g".repeat(128), "01", "compensate"));
    }

    @Test
    void aRefusedBranchWritesNothingAndAnUnstorablePhase2RunsNothing() throws Exception {
        java.sql.Connection noDatabase = (java.sql.Connection) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {java.sql.Connection.class}, (proxy, method, args) -> {
                    throw new AssertionError("no statement expected, got " + method.getName());
                });
        String gid = "g".repeat(129);
        DtmFailureException e = assertThrows(DtmFailureException.class, () -> new BranchBarrier("saga", gid, "01",
                "action").call(noDatabase, tx -> {
                    throw new AssertionError("the work must not run");
                }));
        assertEquals("the branch barrier cannot store this branch: gid is 129 characters long; at most 128 are "
                + "allowed", e.getMessage());
        new BranchBarrier("saga", gid, "01", "compensate").call(noDatabase, tx -> {
            throw new AssertionError("the work must not run");
        });
        assertThrows(DtmFailureException.class, () -> new BranchBarrier("msg", gid, "00", "msg")
                .queryPrepared(noDatabase));
    }

    @Test
    void originOps() {
        assertEquals("try", BranchBarrier.originOp("cancel"));
        assertEquals("action", BranchBarrier.originOp("compensate"));
        assertEquals("action", BranchBarrier.originOp("rollback"));
        assertEquals("", BranchBarrier.originOp("action"));
        assertEquals("", BranchBarrier.originOp("msg"));
        assertEquals("", BranchBarrier.originOp("confirm"));
    }

    @Test
    void allFourIdsAreRequired() {
        assertThrows(IllegalArgumentException.class, () -> new BranchBarrier("", "g", "01", "action"));
        assertThrows(IllegalArgumentException.class, () -> new BranchBarrier("saga", null, "01", "action"));
        assertThrows(IllegalArgumentException.class, () -> new BranchBarrier("saga", "g", "", "action"));
        assertThrows(IllegalArgumentException.class, () -> new BranchBarrier("saga", "g", "01", ""));
        assertThrows(IllegalArgumentException.class,
                () -> BranchBarrier.from(new BranchContext("g", "saga", "", "action", "")));
    }

    @Test
    void fromGrpcOutsideACallFails() {
        assertThrows(IllegalArgumentException.class, BranchBarrier::fromGrpc);
    }

    @Test
    void tableNamesAreChecked() {
        BranchBarrier bb = new BranchBarrier("saga", "g", "01", "action");
        assertEquals("dtm_barrier.barrier", bb.tableName(), "Go's default");
        assertEquals("dtm_barrier", bb.withTableName("dtm_barrier").tableName());
        assertThrows(IllegalArgumentException.class, () -> bb.withTableName("x; drop table y"));
        assertThrows(IllegalArgumentException.class, () -> bb.withTableName(""));
        assertThrows(IllegalArgumentException.class, () -> BranchBarrier.setDefaultTableName("a b"));
    }
}
