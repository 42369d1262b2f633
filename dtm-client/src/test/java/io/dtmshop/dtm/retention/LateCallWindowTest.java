package io.dtmshop.dtm.retention;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LateCallWindowTest {

    @Test
    void theCallerRunCountsWhenItIsLongerThanADtmRound() {
        // the shop's defaults: 6 x 8s = 48s < 3m
        LateCallWindow w = new LateCallWindow(Duration.ofSeconds(8), 6, Duration.ofMinutes(3), Duration.ofSeconds(50),
                Duration.ofMinutes(1));
        assertEquals(Duration.ofSeconds(180 + 50 + 60), w.length());
        assertEquals("W = max(6 x 8s DTM RequestTimeout, 3m caller run) + 50s lock wait + 1m margin = 4m50s",
                w.derivation());
    }

    @Test
    void aDtmRoundCountsWhenItIsLonger() {
        LateCallWindow w = new LateCallWindow(Duration.ofSeconds(30), 6, Duration.ofMinutes(1), Duration.ofSeconds(50),
                Duration.ZERO);
        assertEquals(Duration.ofSeconds(180 + 50), w.length());
    }

    @Test
    void termsThatBoundNothingAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LateCallWindow(Duration.ZERO, 6, Duration.ofMinutes(3),
                Duration.ofSeconds(50), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new LateCallWindow(Duration.ofSeconds(8), 0,
                Duration.ofMinutes(3), Duration.ofSeconds(50), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new LateCallWindow(Duration.ofSeconds(8), 6,
                Duration.ofMinutes(3), Duration.ofSeconds(50), Duration.ofSeconds(-1)));
    }
}
