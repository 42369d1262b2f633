package io.dtmshop.dtm.retention;

import java.time.Duration;
import java.util.Objects;

/**
 * How old a row must be before the retention may delete it, checked against what a late branch
 * call needs ({@link LateCallWindow}).
 * <p>
 * A run deletes a row older than the horizon whose gid was missing from DTM's list of unfinished
 * transactions in a snapshot S that ended at least W ago (and in every later one, see
 * {@link UnfinishedHistory}): then its transaction ended before S, more than W ago, and no late
 * call can still arrive. That holds only for rows whose transaction S could see, i.e. rows written
 * before S started: a transaction that began after S is missing from S without having ended. Runs
 * come every {@code period}, so the latest S old enough started at most W + one period (+ its own
 * duration, checked at run time) ago. Hence the horizon must be at least
 * <pre>
 *   W + 2 x period
 * </pre>
 * and a shorter one is refused: a service configured with it does not start.
 *
 * @param horizon the age past which a row of a finished transaction is deleted
 * @param period  how often the retention runs
 * @param window  W
 */
public record RetentionHorizon(Duration horizon, Duration period, LateCallWindow window) {

    public RetentionHorizon {
        Objects.requireNonNull(horizon, "horizon");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(window, "window");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
    }

    /** W + 2 x period: the shortest safe horizon. */
    public Duration minimum() {
        return window.length().plus(period.multipliedBy(2));
    }

    /**
     * @param property the name the horizon is configured under, for the message
     * @return this, when the horizon is at least {@link #minimum()}
     * @throws IllegalStateException naming the property, the minimum and how it was derived
     */
    public RetentionHorizon requireSafe(String property) {
        if (horizon.compareTo(minimum()) < 0) {
            throw new IllegalStateException(("%s=%s is shorter than the longest a branch call can still arrive after its "
                    + "transaction ended, plus two retention periods: %s, %s, + 2 x %s period. Barrier rows deleted that "
                    + "early would let such a late call apply a second time. Set it to at least %s.").formatted(property,
                    Durations.show(horizon), Durations.show(minimum()), window.derivation(), Durations.show(period),
                    Durations.show(minimum())));
        }
        return this;
    }

    /** The horizon and its check, for the start-up log. */
    public String describe() {
        return "horizon %s >= %s = W + 2 x %s period; %s".formatted(Durations.show(horizon), Durations.show(minimum()),
                Durations.show(period), window.derivation());
    }
}
