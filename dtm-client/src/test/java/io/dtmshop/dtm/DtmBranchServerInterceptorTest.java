package io.dtmshop.dtm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dtmshop.dtm.barrier.BranchBarrier;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Branch metadata and results through a real (in-process) gRPC server with the interceptor. */
class DtmBranchServerInterceptorTest {

    static final String SERVICE = "test.v1.Busi";
    static final MethodDescriptor<byte[], byte[]> ECHO = InProcess.bytesMethod(SERVICE + "/Echo");
    static final MethodDescriptor<byte[], byte[]> FAIL = InProcess.bytesMethod(SERVICE + "/Fail");
    static final MethodDescriptor<byte[], byte[]> ONGOING = InProcess.bytesMethod(SERVICE + "/Ongoing");

    final AtomicReference<BranchContext> seen = new AtomicReference<>();
    final AtomicReference<Metadata> seenHeaders = new AtomicReference<>();
    final AtomicReference<String> seenBarrier = new AtomicReference<>();
    InProcess grpc;

    @BeforeEach
    void start() {
        ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
                .addMethod(ECHO, ServerCalls.asyncUnaryCall((req, out) -> {
                    BranchContext bc = BranchContext.current();
                    seen.set(bc);
                    if (bc != null && bc.isComplete()) {
                        seenBarrier.set(BranchBarrier.fromGrpc().toString());
                    }
                    out.onNext(req);
                    out.onCompleted();
                }))
                .addMethod(FAIL, ServerCalls.asyncUnaryCall((req, out) -> {
                    // thrown straight out of the handler
                    throw new DtmFailureException("not enough stock");
                }))
                .addMethod(ONGOING, ServerCalls.asyncUnaryCall((req, out) ->
                        // closed by the handler with a status caused by a DtmException (as frameworks do)
                        out.onError(Status.UNKNOWN.withCause(new DtmOngoingException()).asRuntimeException())))
                .build();
        io.grpc.ServerInterceptor captureHeaders = new io.grpc.ServerInterceptor() {
            @Override
            public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, R> call, Metadata h,
                    io.grpc.ServerCallHandler<Q, R> next) {
                seenHeaders.set(h);
                return next.startCall(call, h);
            }
        };
        // ServerInterceptors.intercept: the last one runs first
        grpc = InProcess.start(service, new DtmBranchServerInterceptor(), captureHeaders);
    }

    @AfterEach
    void stop() throws InterruptedException {
        grpc.close();
    }

    ChannelBranchInvoker invoker() {
        return new ChannelBranchInvoker(name -> {
            assertEquals("stock-service", name);
            return grpc.channel;
        });
    }

    @Test
    void invokerSendsDtmMetadataAndInterceptorExposesIt() {
        BranchContext sent = new BranchContext("gid-1", "saga", "01", "action", "dtm:36790");
        byte[] reply = invoker().invoke("discovery:///stock-service/" + SERVICE + "/Echo",
                "payload".getBytes(StandardCharsets.UTF_8), sent, Map.of("x-tenant", "shop"));
        assertEquals("payload", new String(reply, StandardCharsets.UTF_8));
        assertEquals(sent, seen.get());
        assertEquals("transInfo: saga gid-1 01 action", seenBarrier.get());
        Metadata h = seenHeaders.get();
        assertEquals("gid-1", h.get(Metadata.Key.of("dtm-gid", Metadata.ASCII_STRING_MARSHALLER)));
        assertEquals("saga", h.get(Metadata.Key.of("dtm-trans_type", Metadata.ASCII_STRING_MARSHALLER)));
        assertEquals("01", h.get(Metadata.Key.of("dtm-branch_id", Metadata.ASCII_STRING_MARSHALLER)));
        assertEquals("action", h.get(Metadata.Key.of("dtm-op", Metadata.ASCII_STRING_MARSHALLER)));
        assertEquals("dtm:36790", h.get(Metadata.Key.of("dtm-dtm", Metadata.ASCII_STRING_MARSHALLER)));
        assertEquals("shop", h.get(Metadata.Key.of("x-tenant", Metadata.ASCII_STRING_MARSHALLER)));
    }

    @Test
    void emptyDtmValueLikeDtmSendsIsKept() {
        BranchContext sent = new BranchContext("gid-2", "msg", "00", "msg", "");
        invoker().invoke("discovery:///stock-service/" + SERVICE + "/Echo", new byte[0], sent, Map.of());
        assertEquals(sent, seen.get());
        assertEquals("transInfo: msg gid-2 00 msg", seenBarrier.get());
    }

    @Test
    void callWithoutDtmMetadataHasNoBranch() {
        byte[] reply = ClientCalls.blockingUnaryCall(grpc.channel, ECHO, CallOptions.DEFAULT, new byte[] {1});
        assertArrayEquals(new byte[] {1}, reply);
        assertNull(seen.get());
        assertNull(BranchContext.current(), "nothing leaks to the caller's thread");
    }

    @Test
    void attachSendsTheBarriersBranchOnAStubCall() {
        BranchBarrier bb = BranchBarrier.forMsgLocalStep("gid-3");
        byte[] reply = ClientCalls.blockingUnaryCall(ClientInterceptors.intercept(grpc.channel, DtmMetadata.attach(bb)),
                ECHO, CallOptions.DEFAULT, new byte[0]);
        assertArrayEquals(new byte[0], reply);
        assertEquals(new BranchContext("gid-3", "msg", "00", "msg", ""), seen.get());
    }

    @Test
    void failureThrownByHandlerReachesClientAsAborted() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> invoker().invoke(
                "discovery:///stock-service/" + SERVICE + "/Fail", new byte[0],
                new BranchContext("g", "saga", "01", "action", ""), Map.of()));
        assertEquals(Status.Code.ABORTED, e.getStatus().getCode());
        assertEquals("not enough stock", e.getStatus().getDescription());
        assertEquals("not enough stock", ((DtmFailureException) DtmGrpcErrors.fromGrpc(e)).reason());
    }

    @Test
    void statusCausedByOngoingIsRewrittenToFailedPrecondition() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> invoker().invoke(
                "discovery:///stock-service/" + SERVICE + "/Ongoing", new byte[0],
                new BranchContext("g", "saga", "01", "compensate", ""), Map.of()));
        assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
    }

    @Test
    void withoutDtmMetadataResultsAreNotRewritten() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> ClientCalls.blockingUnaryCall(grpc.channel, ONGOING, CallOptions.DEFAULT, new byte[0]));
        assertEquals(Status.Code.UNKNOWN, e.getStatus().getCode());
    }

    @Test
    void metadataRoundTrip() {
        BranchContext bc = new BranchContext("g", "saga", "02", "compensate", "d");
        assertEquals(bc, DtmMetadata.fromMetadata(DtmMetadata.toMetadata(bc)));
        assertNull(DtmMetadata.fromMetadata(new Metadata()));
    }

    @Test
    void xaActionCarriesItsPhase2Url() {
        BranchContext action = new BranchContext("g", "xa", "01", "action", "", "discovery:///s/p.S/Xa");
        Metadata md = DtmMetadata.toMetadata(action);
        assertEquals("discovery:///s/p.S/Xa", md.get(DtmMetadata.PHASE2_URL));
        assertEquals(action, DtmMetadata.fromMetadata(md));
        assertNull(DtmMetadata.toMetadata(new BranchContext("g", "xa", "01", "commit", "")).get(DtmMetadata.PHASE2_URL),
                "phase 2 is sent without one, as DTM does");
    }

    /** The branch table and token checks, with their own server: ECHO serves saga/action and saga/compensate. */
    @Test
    void aDeclaredMethodRefusesWrongPairsAndBadTokensBeforeItsHandler() throws Exception {
        BranchToken tokens = BranchToken.of(java.util.List.of(BranchTokenTest.SECRET));
        BranchOps ops = new BranchOps().method(ECHO).starts(BranchOp.SAGA_ACTION).finishes(BranchOp.SAGA_COMPENSATE).done();
        java.util.concurrent.atomic.AtomicInteger handled = new java.util.concurrent.atomic.AtomicInteger();
        ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
                .addMethod(ECHO, ServerCalls.asyncUnaryCall((req, out) -> {
                    handled.incrementAndGet();
                    out.onNext(req);
                    out.onCompleted();
                })).build();
        try (InProcess checked = InProcess.start(service, new DtmBranchServerInterceptor(tokens, ops))) {
            java.util.function.BiFunction<BranchContext, Map<String, String>, Status.Code> call = (branch, headers) -> {
                try {
                    ClientCalls.blockingUnaryCall(ClientInterceptors.intercept(checked.channel,
                            DtmMetadata.attach(branch, headers)), ECHO, CallOptions.DEFAULT, new byte[0]);
                    return Status.Code.OK;
                } catch (StatusRuntimeException e) {
                    return e.getStatus().getCode();
                }
            };
            BranchContext action = new BranchContext("g1", "saga", "01", "action", "");
            BranchContext compensate = new BranchContext("g1", "saga", "01", "compensate", "");
            Map<String, String> signed = Map.of(BranchToken.HEADER, tokens.sign("saga", "g1"));
            Map<String, String> foreign = Map.of(BranchToken.HEADER, tokens.sign("saga", "g2"));

            assertEquals(Status.Code.OK, call.apply(action, signed));
            assertEquals(Status.Code.OK, call.apply(compensate, signed));
            assertEquals(1 + 1, handled.get());
            assertEquals(Status.Code.ABORTED, call.apply(action, Map.of()), "an action without a token rolls back");
            assertEquals(Status.Code.ABORTED, call.apply(action, foreign));
            assertEquals(Status.Code.UNAUTHENTICATED, call.apply(compensate, Map.of()), "a compensation is retried");
            assertEquals(Status.Code.UNAUTHENTICATED, call.apply(compensate, foreign));
            assertEquals(Status.Code.INVALID_ARGUMENT, call.apply(new BranchContext("g1", "tcc", "01", "try", ""),
                    Map.of(BranchToken.HEADER, tokens.sign("tcc", "g1"))), "a pair the method does not serve");
            assertEquals(Status.Code.INVALID_ARGUMENT, call.apply(new BranchContext("", "", "", "", ""), Map.of()),
                    "no DTM metadata at all");
            assertEquals(2, handled.get(), "no refused call reached the handler");
        }
    }
}
