package io.dtmshop.dtm.retention;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RetentionHorizonTest {

    private static final LateCallWindow W = new LateCallWindow(Duration.ofSeconds(8), 6, Duration.ofMinutes(3),
            Duration.ofSeconds(50), Duration.ofMinutes(1));

    @Test
    void theMinimumIsWPlusTwoPeriods() {
        RetentionHorizon horizon = new RetentionHorizon(Duration.ofHours(24), Duration.ofMinutes(1), W);
        assertEquals(Duration.ofSeconds(290 + 120), horizon.minimum());
        assertSame(horizon, horizon.requireSafe("dtmshop.retention.horizon"));
    }

    @Test
    void exactlyTheMinimumIsSafe() {
        RetentionHorizon horizon = new RetentionHorizon(Duration.ofSeconds(410), Duration.ofMinutes(1), W);
        assertSame(horizon, horizon.requireSafe("dtmshop.retention.horizon"));
    }

    @Test
    void aShorterHorizonIsRefusedWithWhatItNeeds() {
        RetentionHorizon horizon = new RetentionHorizon(Duration.ofSeconds(409), Duration.ofMinutes(1), W);
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> horizon.requireSafe("dtmshop.retention.horizon"));
        assertEquals("dtmshop.retention.horizon=6m49s is shorter than the longest a branch call can still arrive after "
                + "its transaction ended, plus two retention periods: 6m50s, W = max(6 x 8s DTM RequestTimeout, 3m caller "
                + "run) + 50s lock wait + 1m margin = 4m50s, + 2 x 1m period. Barrier rows deleted that early would let "
                + "such a late call apply a second time. Set it to at least 6m50s.", refused.getMessage());
    }
}
