package io.dtmshop.dtm.retention;

import java.time.Duration;
import java.util.Objects;

/**
 * W: the longest a branch call of a global transaction can still reach a branch service and write
 * there after DTM recorded the transaction as finished ({@code succeed} or {@code failed}). The
 * barrier rows of a transaction must outlive W: deleted earlier, such a late call finds no row, is
 * taken for a first call and applies a second time.
 *
 * <pre>
 *   W = max(dtmRoundCalls x dtmRequestTimeout, callerRun) + lockWait + margin
 * </pre>
 * <ul>
 * <li><b>Calls sent after the end.</b> DTM processes an unfinished transaction in rounds; its cron
 *     job hands a transaction out again once {@code RetryInterval} has passed, whether the last
 *     round is over or not (dtmsvr/storage/sql/sql.go {@code LockOneGlobalTrans}), so two rounds
 *     may overlap. A round that another round has already finished goes on calling the branches it
 *     loaded, one after the other (a saga: dtmsvr/trans_type_saga.go), each waited for at most
 *     {@code RequestTimeout}: {@code dtmRoundCalls x dtmRequestTimeout}. A caller that calls
 *     branches itself (shop-service: TCC Try, XA action, the message's local step, workflow steps,
 *     also in a workflow DTM resumes) may go on for its whole run: {@code callerRun}.</li>
 * <li><b>Calls sent before the end, still on their way</b>: a handler may wait for a row lock,
 *     each statement at most {@code innodb_lock_wait_timeout} ({@code lockWait}).</li>
 * <li><b>margin</b>: what no deadline bounds - a connection from the pool, a garbage-collection
 *     pause, the clocks of DTM, the services and the database drifting apart.</li>
 * </ul>
 * DTM's {@code TimeoutToFail}, {@code RetryInterval} and its back-off do not enter: they bound
 * nothing (a failing compensation is retried forever, at doubling intervals), and the retention
 * never touches a transaction DTM still holds unfinished ({@link UnfinishedHistory}).
 *
 * @param dtmRequestTimeout DTM's {@code RequestTimeout}: how long it waits for one branch call
 * @param dtmRoundCalls     the most branch calls of one transaction one DTM round makes in a row
 * @param callerRun         the longest run of a caller that calls branches itself
 * @param lockWait          the database's {@code innodb_lock_wait_timeout}
 * @param margin            added for what no deadline bounds
 */
public record LateCallWindow(Duration dtmRequestTimeout, int dtmRoundCalls, Duration callerRun, Duration lockWait,
                             Duration margin) {

    public LateCallWindow {
        requirePositive(dtmRequestTimeout, "dtmRequestTimeout");
        requirePositive(callerRun, "callerRun");
        requirePositive(lockWait, "lockWait");
        Objects.requireNonNull(margin, "margin");
        if (margin.isNegative()) {
            throw new IllegalArgumentException("margin must not be negative: " + margin);
        }
        if (dtmRoundCalls < 1) {
            throw new IllegalArgumentException("dtmRoundCalls must be at least 1: " + dtmRoundCalls);
        }
    }

    /** W. */
    public Duration length() {
        Duration dtmRound = dtmRequestTimeout.multipliedBy(dtmRoundCalls);
        Duration sentAfterEnd = dtmRound.compareTo(callerRun) >= 0 ? dtmRound : callerRun;
        return sentAfterEnd.plus(lockWait).plus(margin);
    }

    /** W with its terms, for the start-up log and the refusal message. */
    public String derivation() {
        return "W = max(%d x %s DTM RequestTimeout, %s caller run) + %s lock wait + %s margin = %s".formatted(
                dtmRoundCalls, Durations.show(dtmRequestTimeout), Durations.show(callerRun), Durations.show(lockWait),
                Durations.show(margin), Durations.show(length()));
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
