package io.dtmshop.gateway.client;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.Status;
import io.grpc.stub.AbstractFutureStub;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

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

    private UnaryCalls() {
    }

    /**
     * @param service the Consul name of the service called, for error messages
     * @param stub    a future stub of that service
     * @param timeout how long to wait for the answer
     * @param method  the call, e.g. {@code s -> s.getProduct(request)}
     * @throws DownstreamException when the call fails or does not answer in time
     */
    public static <S extends AbstractFutureStub<S>, R> R call(String service, S stub, Duration timeout,
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
