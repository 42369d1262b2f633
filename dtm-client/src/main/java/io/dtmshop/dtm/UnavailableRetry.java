package io.dtmshop.dtm;

import io.grpc.Deadline;
import io.grpc.Status;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Sends a gRPC request again when it failed with UNAVAILABLE: the connection was refused, or broke
 * under the call because the instance it went to died (grpc-java: "UNAVAILABLE io exception"), or
 * the server answered that it cannot serve now (e.g. its database is down). The request goes through
 * the same channel, whose load balancer has by then taken the dead instance out of its picks (the
 * Stork balancer of Quarkus picks among the instances it is connected to; the connection to a killed
 * one closes at once), so the next attempt reaches another replica.
 * <p>
 * Only for requests that may be carried out twice: reads, and branch calls, which the branch barrier
 * makes idempotent (a repeated action, Try, Confirm, Cancel or compensation changes nothing; a
 * repeated XA action answers from the branch it prepared). Not for DTM's own API, which does not
 * deduplicate: {@link DtmGrpcClient} decides there per request. Other statuses are not repeated:
 * DEADLINE_EXCEEDED (the call may still be running), CANCELLED (no instance at all), and every
 * answer of the service.
 * <p>
 * Why not gRPC's own retry policy (a service config's {@code retryPolicy}): the Quarkus Stork name
 * resolver hands the channel a service config of its own (its load balancer), which replaces the
 * channel's default one and with it any retry policy; and grpc-java's retry backs off by a random
 * time from 0, so its first retry can still pick the dead instance.
 */
public final class UnavailableRetry {

    private static final Logger LOG = Logger.getLogger(UnavailableRetry.class);

    /**
     * 4 attempts, with 100, 200 and 400 ms between them: with two replicas the second attempt
     * reaches the live one; a service that is down for good answers UNAVAILABLE within 0.7 s.
     */
    public static final UnavailableRetry DEFAULT = new UnavailableRetry(4, Duration.ofMillis(100));

    private final int attempts;
    private final Duration firstPause;

    /**
     * @param attempts   how often the request is sent at most (1: never again)
     * @param firstPause the pause before the second attempt; it doubles before each further one
     */
    public UnavailableRetry(int attempts, Duration firstPause) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
        }
        this.attempts = attempts;
        this.firstPause = firstPause;
    }

    /** {@link #call(String, Deadline, Supplier)} without a deadline of its own. */
    public <T> T call(String what, Supplier<T> request) {
        return call(what, null, request);
    }

    /**
     * Runs {@code request} until it succeeds, fails with another status than UNAVAILABLE, or
     * {@link #attempts} ran; no further attempt once the pause before it would pass {@code deadline}.
     *
     * @param what     the request, for the log
     * @param deadline the deadline every attempt shares, or null
     * @return the request's result
     * @throws RuntimeException the last attempt's error
     */
    public <T> T call(String what, Deadline deadline, Supplier<T> request) {
        Duration pause = firstPause;
        for (int attempt = 1; ; attempt++) {
            try {
                return request.get();
            } catch (RuntimeException e) {
                Status status = Status.fromThrowable(e);
                if (status.getCode() != Status.Code.UNAVAILABLE || attempt >= attempts
                        || deadline != null && deadline.timeRemaining(TimeUnit.MILLISECONDS) <= pause.toMillis()) {
                    throw e;
                }
                LOG.infof("%s: %s %s; sending it again in %d ms (attempt %d of %d)", what, status.getCode(),
                        status.getDescription(), pause.toMillis(), attempt + 1, attempts);
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    e.addSuppressed(interrupted);
                    throw e;
                }
                pause = pause.multipliedBy(2);
            }
        }
    }
}
