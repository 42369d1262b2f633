package io.dtmshop.dtm.retention;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnfinishedHistoryTest {

    private static final Duration W = Duration.ofMinutes(5);
    private static final Duration HORIZON = Duration.ofHours(24);

    private static long at(Duration sinceStart) {
        return 1_000_000_000L + sinceStart.toNanos();
    }

    private static long minutes(long m) {
        return at(Duration.ofMinutes(m));
    }

    private static UnfinishedHistory.Snapshot snapshot(long minute, String... gids) {
        return new UnfinishedHistory.Snapshot(minutes(minute), minutes(minute) + 1_000_000, Set.of(gids));
    }

    @Test
    void nothingIsDeletedUntilTheHistoryReachesBackW() {
        UnfinishedHistory history = new UnfinishedHistory(W, minutes(0));
        for (int minute = 0; minute <= 4; minute++) {
            history.add(snapshot(minute, "a"));
            assertInstanceOf(UnfinishedHistory.Wait.class, history.verdict(minutes(minute) + 2_000_000, HORIZON),
                    "minute " + minute);
        }
        history.add(snapshot(5, "a"));
        // the snapshot of minute 0 ended 1 ms after minute 0: at minute 5 + 1 ms it is W old
        assertInstanceOf(UnfinishedHistory.Wait.class, history.verdict(minutes(5), HORIZON));
        assertInstanceOf(UnfinishedHistory.Protect.class, history.verdict(minutes(5) + 1_000_000, HORIZON));
    }

    @Test
    void aGidUnfinishedInAnySnapshotOfTheLastWIsProtected() {
        UnfinishedHistory history = new UnfinishedHistory(W, minutes(0));
        history.add(snapshot(0, "old", "long-running"));
        history.add(snapshot(1, "long-running"));
        history.add(snapshot(3, "long-running", "finished-at-4"));
        history.add(snapshot(6, "long-running", "new"));
        UnfinishedHistory.Protect protect = (UnfinishedHistory.Protect) history.verdict(minutes(7), HORIZON);
        // S = the snapshot of minute 1 (the latest that ended 5 minutes ago): it and every later one count
        assertEquals(Set.of("long-running", "finished-at-4", "new"), protect.gids());
        assertEquals(Duration.ofMinutes(6), protect.snapshotAge());
        assertEquals(3, history.size(), "the snapshot of minute 0 is of no use any more");
    }

    @Test
    void aGapLongerThanTheHorizonDeletesNothing() {
        UnfinishedHistory history = new UnfinishedHistory(W, minutes(0));
        history.add(snapshot(0, "a"));
        // DTM did not answer for a day: rows older than the horizon may belong to transactions no snapshot saw
        UnfinishedHistory.Verdict verdict = history.verdict(at(HORIZON), HORIZON);
        assertInstanceOf(UnfinishedHistory.Wait.class, verdict);
        assertTrue(((UnfinishedHistory.Wait) verdict).reason().contains("longer than the 1d horizon"),
                verdict.toString());
        assertInstanceOf(UnfinishedHistory.Protect.class, history.verdict(at(HORIZON.minusMinutes(1)), HORIZON));
    }
}
