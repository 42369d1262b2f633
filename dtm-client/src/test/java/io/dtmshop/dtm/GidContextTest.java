package io.dtmshop.dtm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.grpc.Context;
import org.junit.jupiter.api.Test;

class GidContextTest {

    @Test
    void theGidSetForAPieceOfWorkIsCurrentOnlyDuringIt() {
        assertNull(GidContext.current());
        assertEquals("g1", GidContext.callWith("g1", GidContext::current));
        assertNull(GidContext.current());
    }

    @Test
    void aServedBranchCountsUnlessAGidWasSet() throws Exception {
        BranchContext branch = new BranchContext("g-branch", "saga", "01", "action", "");
        Context served = Context.current().withValue(BranchContext.CONTEXT_KEY, branch);
        assertEquals("g-branch", served.call(GidContext::current));
        assertEquals("g-own", served.call(() -> GidContext.callWith("g-own", GidContext::current)));
    }

    @Test
    void branchTraceAttributesNameTheBranch() {
        assertEquals(java.util.Map.of("dtm.gid", "g1", "dtm.trans_type", "tcc", "dtm.branch_id", "02", "dtm.op", "try"),
                new BranchContext("g1", "tcc", "02", "try", "").traceAttributes());
        assertEquals(java.util.Map.of("dtm.gid", "g1"), new BranchContext("g1", null, null, null, null).traceAttributes());
    }
}
