package io.dtmshop.dtm.retention;

import java.time.Duration;

/** Durations as people read them in logs: 90s, 4m50s, 24h. */
final class Durations {

    private Durations() {
    }

    static String show(Duration duration) {
        if (duration.toMillis() < 1000) {
            return duration.toMillis() + "ms";
        }
        long seconds = duration.toSeconds();
        StringBuilder out = new StringBuilder();
        if (seconds >= 86_400 && seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds >= 3600) {
            out.append(seconds / 3600).append('h');
            seconds %= 3600;
        }
        if (seconds >= 60) {
            out.append(seconds / 60).append('m');
            seconds %= 60;
        }
        if (seconds > 0 || out.isEmpty()) {
            out.append(seconds).append('s');
        }
        return out.toString();
    }
}
