package io.dtmshop.dtm.barrier;

import static io.dtmshop.dtm.barrier.BranchBarrier.Decision.DUPLICATED_MSG;
import static io.dtmshop.dtm.barrier.BranchBarrier.Decision.RUN;
import static io.dtmshop.dtm.barrier.BranchBarrier.Decision.SKIP_DUPLICATE_OR_HANGING;
import static io.dtmshop.dtm.barrier.BranchBarrier.Decision.SKIP_NULL_COMPENSATION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dtmshop.dtm.BranchContext;
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
        assertEquals("dtm_barrier", bb.tableName());
        assertEquals("dtm_barrier.barrier", bb.withTableName("dtm_barrier.barrier").tableName());
        assertThrows(IllegalArgumentException.class, () -> bb.withTableName("x; drop table y"));
        assertThrows(IllegalArgumentException.class, () -> bb.withTableName(""));
        assertThrows(IllegalArgumentException.class, () -> BranchBarrier.setDefaultTableName("a b"));
    }
}
