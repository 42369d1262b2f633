package io.dtmshop.shop.metrics;

import io.dtmshop.proto.shop.v1.PurchaseReply;
import io.dtmshop.shop.purchase.PurchaseOutcome;
import io.grpc.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PurchaseMetricsTest {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final PurchaseMetrics metrics = new PurchaseMetrics(registry);

    static PurchaseReply reply(String status) {
        return PurchaseReply.newBuilder().setGid("g1").setStatus(status).build();
    }

    @Test
    void eachReplyStatusIsOneOutcome() {
        assertEquals("succeeded", PurchaseMetrics.outcomeOf(reply(PurchaseOutcome.SUCCEED)));
        assertEquals("rolled_back", PurchaseMetrics.outcomeOf(reply(PurchaseOutcome.FAILED)));
        assertEquals("pending", PurchaseMetrics.outcomeOf(reply(PurchaseOutcome.SUBMITTED)));
        assertEquals("failed", PurchaseMetrics.outcomeOf(reply("something new")));
    }

    @Test
    void countsStartAndOutcomeAndTimesThePurchasePerMode() {
        PurchaseReply committed = reply(PurchaseOutcome.SUCCEED);
        assertSame(committed, metrics.record("saga", () -> committed));
        metrics.record("saga", () -> reply(PurchaseOutcome.FAILED));
        metrics.record("tcc", () -> reply(PurchaseOutcome.SUCCEED));

        assertEquals(2, registry.get(PurchaseMetrics.STARTED).tag("mode", "saga").counter().count());
        assertEquals(1, registry.get(PurchaseMetrics.COMPLETED).tags("mode", "saga", "outcome", "succeeded").counter().count());
        assertEquals(1, registry.get(PurchaseMetrics.COMPLETED).tags("mode", "saga", "outcome", "rolled_back").counter().count());
        assertEquals(1, registry.get(PurchaseMetrics.DURATION).tags("mode", "saga", "outcome", "rolled_back").timer().count());
        assertEquals(1, registry.get(PurchaseMetrics.STARTED).tag("mode", "tcc").counter().count());
        assertNull(registry.find(PurchaseMetrics.COMPLETED).tags("mode", "tcc", "outcome", "rolled_back").counter());
    }

    @Test
    void anErrorIsAFailedPurchaseAndPassesThrough() {
        RuntimeException unreachable = Status.UNAVAILABLE.asRuntimeException();
        assertSame(unreachable, assertThrows(RuntimeException.class, () -> metrics.record("xa", () -> {
            throw unreachable;
        })));
        assertEquals(1, registry.get(PurchaseMetrics.COMPLETED).tags("mode", "xa", "outcome", "failed").counter().count());
        assertEquals(1, registry.get(PurchaseMetrics.DURATION).tags("mode", "xa", "outcome", "failed").timer().count());
    }
}
