package io.dtmshop.gateway.client;

import com.google.common.util.concurrent.ListenableFuture;
import io.dtmshop.gateway.mapping.DownstreamErrors;
import io.grpc.Status;
import io.grpc.stub.AbstractFutureStub;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.jboss.logging.Logger;

/**
 * Runs one unary gRPC call and waits for it, at most a given time.
 * <p>
 * Why future stubs and an explicit wait rather than an injected blocking stub: with Stork, Quarkus
 * uses the Vert.x gRPC client, which (in Quarkus 3.30) neither enforces a call's deadline nor wakes
 * a blocking stub when Stork finds no instance; the request thread would wait forever. Waiting on
 * the future with a timeout bounds every call whatever the client does. The deadline is still set
 * on the call, for a client that does propagate it to the server.
 */
public final class UnaryCalls {

    private static final Logger LOG = Logger.getLogger(UnaryCalls.class);

    /**
     * How long a failed call is sent again at most (see {@link Repeat}), counted from its first
     * attempt: as long as a killed instance can stay among the Vert.x client's picks - until its
     * next Consul check fails (our services are checked every 2 s, consul-registration), Stork's next
     * look at Consul (refresh-period 2 s) and the client's next look at Stork (stork.period 2 s).
     * Measured with two replicas: 3.5 s. Each attempt picks round robin, shared with every other
     * call, so a fixed number of attempts can meet the dead instance every time; until this window
     * has passed, a call keeps trying.
     */
    static final Duration FAILOVER_WINDOW = Duration.ofSeconds(6);
    /** The pause before the second attempt; it doubles up to {@link #MAX_PAUSE}. */
    private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(1);

    /**
     * Which failed calls are sent again. The Vert.x client asks Stork for an instance on every call
     * (round robin over the passing instances in Consul, which it keeps for
     * {@code quarkus.grpc.clients.*.stork.period}); a replica killed a moment ago may still be among
     * them, or die under a call, and the next attempt goes to the next instance.
     */
    public enum Repeat {
        /**
         * A read, safe to repeat: sent again when the service could not be reached or answered
         * UNAVAILABLE, and when the connection broke during the call (UNKNOWN with the transport's
         * exception as its cause, see {@link io.dtmshop.gateway.mapping.DownstreamErrors}).
         */
        READ,
        /**
         * A purchase: sent again only when it never reached the service (the connection was refused,
         * {@link io.dtmshop.gateway.mapping.DownstreamErrors#nothingStarted}); once it may have
         * arrived, the purchase may have started, and its answer is the buyer's (202 with the gid).
         */
        WHEN_NOT_REACHED
    }

    private UnaryCalls() {
    }

    /**
     * @param service the Consul name of the service called, for error messages
     * @param stub    a future stub of that service
     * @param timeout how long to wait for the answer, per attempt
     * @param repeat  which failures are sent again
     * @param method  the call, e.g. {@code s -> s.getProduct(request)}
     * @throws DownstreamException when the call fails or does not answer in time
     */
    public static <S extends AbstractFutureStub<S>, R> R call(String service, S stub, Duration timeout, Repeat repeat,
                                                              Function<S, ListenableFuture<R>> method) {
        long giveUp = System.nanoTime() + FAILOVER_WINDOW.toNanos();
        Duration pause = FIRST_PAUSE;
        for (int attempt = 1; ; attempt++) {
            try {
                return once(service, stub, timeout, method);
            } catch (DownstreamException e) {
                if (!repeats(repeat, e.status()) || System.nanoTime() + pause.toNanos() > giveUp) {
                    throw e;
                }
                LOG.infof("%s: %s; sending the call again in %d ms (attempt %d)", service,
                        DownstreamErrors.describe(e.status()), pause.toMillis(), attempt + 1);
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
            }
        }
    }

    static boolean repeats(Repeat repeat, Status status) {
        return switch (repeat) {
            case READ -> status.getCode() == Status.Code.UNAVAILABLE
                    || status.getCode() == Status.Code.UNKNOWN && status.getCause() != null;
            case WHEN_NOT_REACHED -> DownstreamErrors.notReached(status);
        };
    }

    private static <S extends AbstractFutureStub<S>, R> R once(String service, S stub, Duration timeout,
                                                               Function<S, ListenableFuture<R>> method) {
        ListenableFuture<R> reply = method.apply(stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS));
        try {
            return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new DownstreamException(service, Status.fromThrowable(e.getCause()));
        } catch (TimeoutException e) {
            reply.cancel(true); // cancels the gRPC call too
            throw new DownstreamException(service,
                    Status.DEADLINE_EXCEEDED.withDescription("no answer within " + timeout.toSeconds() + "s"));
        } catch (InterruptedException e) {
            reply.cancel(true);
            Thread.currentThread().interrupt();
            throw new DownstreamException(service, Status.CANCELLED.withDescription("interrupted").withCause(e));
        }
    }
}
