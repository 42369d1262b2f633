package io.dtmshop.gateway.client;

import io.dtmshop.proto.stock.v1.GetProductRequest;
import io.dtmshop.proto.stock.v1.Product;
import io.dtmshop.proto.stock.v1.StockServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which failed calls the gateway sends again, to the next instance: reads after any transport failure, purchases only when they never arrived. */
class UnaryCallsTest {

    private static final Status REFUSED = Status.UNAVAILABLE.withCause(new ConnectException("Connection refused"));
    /** The Vert.x client's status for a connection that closed under the call (the service was killed). */
    private static final Status WENT_AWAY = Status.UNKNOWN.withCause(new java.io.IOException("Connection reset"));

    @Test
    void aReadIsSentAgainAfterAnyTransportFailure() {
        assertTrue(UnaryCalls.repeats(UnaryCalls.Repeat.READ, REFUSED));
        assertTrue(UnaryCalls.repeats(UnaryCalls.Repeat.READ, WENT_AWAY));
        assertTrue(UnaryCalls.repeats(UnaryCalls.Repeat.READ,
                Status.UNAVAILABLE.withDescription("stock-service cannot reach its database stock_db")));
        assertFalse(UnaryCalls.repeats(UnaryCalls.Repeat.READ, Status.NOT_FOUND.withDescription("product 9 not found")));
        assertFalse(UnaryCalls.repeats(UnaryCalls.Repeat.READ, Status.DEADLINE_EXCEEDED));
        assertFalse(UnaryCalls.repeats(UnaryCalls.Repeat.READ, Status.UNKNOWN.withDescription("answered by the service")));
    }

    @Test
    void aPurchaseIsSentAgainOnlyWhenItNeverArrived() {
        assertTrue(UnaryCalls.repeats(UnaryCalls.Repeat.WHEN_NOT_REACHED, REFUSED));
        // the Vert.x client's answer when it could not open the request (seen with a killed shop-service)
        assertTrue(UnaryCalls.repeats(UnaryCalls.Repeat.WHEN_NOT_REACHED, Status.UNAVAILABLE));
        assertFalse(UnaryCalls.repeats(UnaryCalls.Repeat.WHEN_NOT_REACHED, WENT_AWAY));
        assertFalse(UnaryCalls.repeats(UnaryCalls.Repeat.WHEN_NOT_REACHED, Status.DEADLINE_EXCEEDED));
        assertFalse(UnaryCalls.repeats(UnaryCalls.Repeat.WHEN_NOT_REACHED,
                Status.UNAVAILABLE.withDescription("DTM cannot be reached, nothing was started")));
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private Server server;
    private ManagedChannel channel;

    @AfterEach
    void stop() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /**
     * The Vert.x client's round robin, shared by every call, can pick a killed instance several
     * times in a row while it is still among its picks (measured 3.5 s); the call goes on until the
     * window has passed, not a fixed number of times.
     */
    @Test
    void aCallThatNeverArrivedIsSentAgainWithinTheFailoverWindow() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        StockServiceGrpc.StockServiceFutureStub stub = stubOf(calls, 6);

        Product product = UnaryCalls.call("stock-service", stub, TIMEOUT, UnaryCalls.Repeat.WHEN_NOT_REACHED,
                s -> s.getProduct(GetProductRequest.newBuilder().setProductId(7).build()));

        assertEquals(7, product.getId());
        assertEquals(7, calls.get(), "6 that met the dead instance, then the live one");
    }

    @Test
    void aCallThatNeverArrivesGivesUpOnceTheWindowHasPassed() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        StockServiceGrpc.StockServiceFutureStub stub = stubOf(calls, Integer.MAX_VALUE);
        long started = System.nanoTime();

        DownstreamException e = assertThrows(DownstreamException.class, () -> UnaryCalls.call("stock-service", stub,
                TIMEOUT, UnaryCalls.Repeat.WHEN_NOT_REACHED,
                s -> s.getProduct(GetProductRequest.newBuilder().setProductId(7).build())));

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(Status.Code.UNAVAILABLE, e.status().getCode());
        assertTrue(took.compareTo(UnaryCalls.FAILOVER_WINDOW) <= 0, "gave up after " + took);
        assertTrue(calls.get() > 4, "sent " + calls.get() + " times");
    }

    /** A stock-service whose first {@code refusals} calls fail as the Vert.x client fails a call it could not open. */
    private StockServiceGrpc.StockServiceFutureStub stubOf(AtomicInteger calls, int refusals) throws IOException {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).directExecutor().addService(new StockServiceGrpc.StockServiceImplBase() {
            @Override
            public void getProduct(GetProductRequest request, StreamObserver<Product> response) {
                if (calls.incrementAndGet() <= refusals) {
                    response.onError(Status.UNAVAILABLE.asRuntimeException()); // bare: no description, no cause
                } else {
                    response.onNext(Product.newBuilder().setId(request.getProductId()).build());
                    response.onCompleted();
                }
            }
        }).build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        return StockServiceGrpc.newFutureStub(channel);
    }
}
