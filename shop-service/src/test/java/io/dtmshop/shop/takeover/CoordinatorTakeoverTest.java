package io.dtmshop.shop.takeover;

import io.dtmshop.consul.InstanceHealth;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoordinatorTakeoverTest {

    private static final Coordinator SELF = new Coordinator("shop-service-127.0.0.1-9000", "self-1");
    private static final Coordinator OTHER = new Coordinator("shop-service-127.0.0.1-9100", "other-1");
    private static final Duration GRACE = Duration.ofSeconds(2);
    private static final Instant T0 = Instant.parse("2026-11-30T17:00:00Z");

    private final CoordinatorTakeover takeover = new CoordinatorTakeover(SELF, GRACE);

    private static CoordinatorTakeover.PreparedTransaction prepared(String gid, String type, Coordinator by) {
        return new CoordinatorTakeover.PreparedTransaction(gid, type,
                by == null ? Map.of("traceparent", "00-x") : Map.of(Coordinator.HEADER, by.headerValue()));
    }

    private static InstanceHealth instance(Coordinator c, boolean dead) {
        return new InstanceHealth(c.serviceId(), c.incarnation(), dead);
    }

    private List<String> orphanGids(List<InstanceHealth> instances, List<CoordinatorTakeover.PreparedTransaction> prepared,
                                    Instant now) {
        return takeover.orphans(instances, prepared, now).stream().map(CoordinatorTakeover.Orphan::gid).toList();
    }

    @Test
    void aDeadCoordinatorsXaAndTccAreAbortedOnceItStayedCriticalForTheGrace() {
        List<CoordinatorTakeover.PreparedTransaction> prepared = List.of(prepared("g-xa", "xa", OTHER),
                prepared("g-tcc", "tcc", OTHER));
        List<InstanceHealth> instances = List.of(instance(SELF, false), instance(OTHER, true));
        assertEquals(List.of(), orphanGids(instances, prepared, T0), "just seen critical: maybe one failed check");
        assertEquals(List.of(), orphanGids(instances, prepared, T0.plusMillis(1_999)));
        List<CoordinatorTakeover.Orphan> orphans = takeover.orphans(instances, prepared, T0.plus(GRACE));
        assertEquals(List.of("g-xa", "g-tcc"), orphans.stream().map(CoordinatorTakeover.Orphan::gid).toList());
        orphans.forEach(o -> assertEquals(CoordinatorTakeover.Action.ABORT, o.action()));
        assertTrue(orphans.get(0).reason().contains("shop-service-127.0.0.1-9100 died"), orphans.get(0).reason());
    }

    @Test
    void aCheckThatPassesAgainStartsTheGraceAnew() {
        List<CoordinatorTakeover.PreparedTransaction> prepared = List.of(prepared("g", "xa", OTHER));
        takeover.orphans(List.of(instance(OTHER, true)), prepared, T0);
        takeover.orphans(List.of(instance(OTHER, false)), prepared, T0.plusSeconds(1));
        assertEquals(List.of(), orphanGids(List.of(instance(OTHER, true)), prepared, T0.plusSeconds(2)));
        assertEquals(List.of(), orphanGids(List.of(instance(OTHER, true)), prepared, T0.plusSeconds(3)));
        assertEquals(List.of("g"), orphanGids(List.of(instance(OTHER, true)), prepared, T0.plusSeconds(4)));
    }

    @Test
    void aRestartedCoordinatorsEarlierTransactionsAreOrphansAtOnce() {
        Coordinator restarted = new Coordinator(OTHER.serviceId(), "other-2");
        assertEquals(List.of("g"), orphanGids(List.of(instance(restarted, false)),
                List.of(prepared("g", "tcc", OTHER)), T0));
    }

    @Test
    void aWorkflowIsResumedUntilDtmTookTheResume() {
        Coordinator restarted = new Coordinator(OTHER.serviceId(), "other-2");
        List<CoordinatorTakeover.PreparedTransaction> prepared = List.of(prepared("w", "workflow", OTHER));
        List<CoordinatorTakeover.Orphan> orphans = takeover.orphans(List.of(instance(restarted, false)), prepared, T0);
        assertEquals(CoordinatorTakeover.Action.RESUME, orphans.get(0).action());
        assertEquals(List.of("w"), orphanGids(List.of(instance(restarted, false)), prepared, T0.plusSeconds(1)),
                "not resumed yet: asked again");
        takeover.resumed("w");
        assertEquals(List.of(), orphanGids(List.of(instance(restarted, false)), prepared, T0.plusSeconds(2)));
    }

    @Test
    void leftToDtm() {
        List<InstanceHealth> instances = List.of(instance(SELF, true), instance(OTHER, false));
        List<CoordinatorTakeover.PreparedTransaction> prepared = List.of(
                prepared("own", "xa", SELF),
                prepared("alive", "xa", OTHER),
                prepared("no-header", "xa", null),
                prepared("unlisted", "xa", new Coordinator("shop-service-10.0.0.9-9000", "gone")),
                prepared("msg", "msg", new Coordinator(OTHER.serviceId(), "other-0")),
                prepared("saga", "saga", new Coordinator(OTHER.serviceId(), "other-0")));
        assertEquals(List.of(), orphanGids(instances, prepared, T0));
        assertEquals(List.of(), orphanGids(instances, prepared, T0.plusSeconds(60)));
    }

    @Test
    void theHeaderRoundTripsAndAnythingElseNamesNoCoordinator() {
        assertEquals(OTHER, Coordinator.of(Map.of(Coordinator.HEADER, OTHER.headerValue())).orElseThrow());
        for (String bad : List.of("", " ", "id", "id ", " inc")) {
            assertTrue(Coordinator.of(Map.of(Coordinator.HEADER, bad)).isEmpty(), "'" + bad + "'");
        }
        assertTrue(Coordinator.of(Map.of()).isEmpty());
    }
}
