package io.dtmshop.dtm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Empty;
import io.dtmshop.dtm.grpc.gen.DtmGrpc;
import io.dtmshop.dtm.grpc.gen.DtmRequest;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What dtm-client concludes from a call to DTM that went wrong, over real TCP connections (grpc-netty):
 * not sent, answered, or outcome unknown - and whether DTM may hold the transaction.
 */
class DtmCallProgressTest {

    private Server server;
    private ManagedChannel channel;

    @AfterEach
    void close() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRefusedConnectionIsNotSentAndNothingStarted() throws Exception {
        channel = channelTo(freePort());
        DtmGrpcClient dtm = new DtmGrpcClient("127.0.0.1:36790", channel).withDeadline(Duration.ofSeconds(5));

        SagaGrpc saga = dtm.newSaga("gid-refused").add("a", "c", null);
        DtmNotSentException e = assertThrows(DtmNotSentException.class, saga::submit);
        assertTrue(e.nothingStarted(), e.getMessage());
        assertEquals("Submit", e.operation());
        assertFalse(saga.mayBeKnownToDtm());
        assertInstanceOf(DtmNotSentException.class, assertThrows(RuntimeException.class, dtm::newGid));
    }

    @Test
    void dtmsAnswersAreAnswers() throws Exception {
        start(new DtmGrpc.DtmImplBase() {
            @Override
            public void submit(DtmRequest request, StreamObserver<Empty> response) {
                response.onError(Status.ABORTED.withDescription("url:x return failed: no stock FAILURE").asRuntimeException());
            }

            @Override
            public void prepare(DtmRequest request, StreamObserver<Empty> response) {
                response.onError(Status.INTERNAL.withDescription("store failed").asRuntimeException());
            }
        });
        DtmGrpcClient dtm = new DtmGrpcClient("127.0.0.1:36790", channel).withDeadline(Duration.ofSeconds(5));

        SagaGrpc saga = dtm.newSaga("gid-aborted").add("a", "c", null);
        DtmFailureException failure = assertThrows(DtmFailureException.class, saga::submit);
        assertEquals("no stock", failure.reason());
        assertTrue(saga.mayBeKnownToDtm());

        MsgGrpc msg = dtm.newMsg("gid-internal");
        StatusRuntimeException internal = assertThrows(StatusRuntimeException.class, () -> msg.prepare(""));
        assertEquals(Status.Code.INTERNAL, internal.getStatus().getCode());
        assertTrue(msg.mayBeKnownToDtm(), "an answer, even an error, may come from a DTM that stored the request");
    }

    @Test
    void aConnectionThatBreaksDuringTheCallIsAnUnknownOutcome() throws Exception {
        CountDownLatch received = new CountDownLatch(1);
        AtomicReference<Server> self = new AtomicReference<>();
        start(new DtmGrpc.DtmImplBase() {
            @Override
            public void submit(DtmRequest request, StreamObserver<Empty> response) {
                // DTM stored the saga and dies before it answers
                received.countDown();
                self.get().shutdownNow();
            }
        });
        self.set(server);
        DtmGrpcClient dtm = new DtmGrpcClient("127.0.0.1:36790", channel).withDeadline(Duration.ofSeconds(5));

        SagaGrpc saga = dtm.newSaga("gid-killed").add("a", "c", null);
        DtmOutcomeUnknownException e = assertThrows(DtmOutcomeUnknownException.class, saga::submit);
        assertEquals(0, received.getCount());
        assertEquals("Submit", e.operation());
        assertTrue(saga.mayBeKnownToDtm());
    }

    @Test
    void noAnswerBeforeTheDeadlineIsAnUnknownOutcome() throws Exception {
        start(new DtmGrpc.DtmImplBase() {
            @Override
            public void prepare(DtmRequest request, StreamObserver<Empty> response) {
                // never answers
            }
        });
        DtmGrpcClient dtm = new DtmGrpcClient("127.0.0.1:36790", channel).withDeadline(Duration.ofMillis(300));

        MsgGrpc msg = dtm.newMsg("gid-slow");
        DtmOutcomeUnknownException e = assertThrows(DtmOutcomeUnknownException.class, () -> msg.prepare(""));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, ((StatusRuntimeException) e.getCause()).getStatus().getCode());
        assertTrue(msg.mayBeKnownToDtm());
    }

    @Test
    void aRequestNotSentAfterOneThatWasLeavesTheTransactionAtDtm() throws Exception {
        start(new DtmGrpc.DtmImplBase() {
            @Override
            public void prepare(DtmRequest request, StreamObserver<Empty> response) {
                response.onNext(Empty.getDefaultInstance());
                response.onCompleted();
            }
        });
        DtmGrpcClient dtm = new DtmGrpcClient("127.0.0.1:36790", channel).withDeadline(Duration.ofSeconds(5));

        MsgGrpc msg = dtm.newMsg("gid-prepared");
        msg.prepare("");
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        // until the client has seen the connection go, a request may still be written to it (then: unknown)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (channel.getState(false) == ConnectivityState.READY && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        DtmNotSentException e = assertThrows(DtmNotSentException.class, msg::submit);
        assertFalse(e.nothingStarted(), "the Prepare reached DTM: it holds a prepared message");
    }

    @Test
    void aTccWhosePrepareWasNotSentThrowsBeforeItsBodyRuns() throws Exception {
        channel = channelTo(freePort());
        DtmGrpcClient dtm = new DtmGrpcClient("127.0.0.1:36790", channel).withDeadline(Duration.ofSeconds(5));
        boolean[] ran = {false};

        DtmNotSentException e = assertThrows(DtmNotSentException.class,
                () -> dtm.tccGlobalTransaction("gid-tcc", tcc -> ran[0] = true));
        assertTrue(e.nothingStarted());
        assertFalse(ran[0]);
    }

    private void start(DtmGrpc.DtmImplBase dtm) throws Exception {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(dtm).build().start();
        channel = channelTo(server.getPort());
    }

    private static ManagedChannel channelTo(int port) {
        return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
