package io.dtmshop.dtm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Empty;
import io.dtmshop.dtm.grpc.gen.DtmBranchRequest;
import io.dtmshop.dtm.grpc.gen.DtmGrpc;
import io.dtmshop.dtm.grpc.gen.DtmRequest;
import io.grpc.Attributes;
import io.grpc.EquivalentAddressGroup;
import io.grpc.ManagedChannel;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two DTM servers (and two replicas of a branch service) behind one channel, as with two instances
 * in Consul; the first dies under a call (its connection closes, as with {@code kill -9}). What
 * dtm-client sends again, and what it concludes from the repeat's answer.
 */
class DtmFailoverTest {

    private final List<Server> servers = new ArrayList<>();
    /** In front of each server: what the channel connects to, and what dies. */
    private final List<Replica> replicas = new ArrayList<>();
    private ManagedChannel channel;

    @AfterEach
    void close() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        for (Replica replica : replicas) {
            replica.die();
        }
        for (Server server : servers) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aSubmitWhoseServerDiedIsSentToTheOtherAndItsAnswerCounts() throws Exception {
        AtomicInteger received = new AtomicInteger();
        channelTo(received, new DtmGrpc.DtmImplBase() {
            @Override
            public void submit(DtmRequest request, StreamObserver<Empty> response) {
                // the saga was stored by the first server: the second accepts the Submit of a submitted gid
                received.incrementAndGet();
                ok(response);
            }
        });
        DtmGrpcClient dtm = new DtmGrpcClient("discovery:///dtm-service", channel).withDeadline(Duration.ofSeconds(5));

        dtm.newSaga("gid-failover").add("a", "c", null).submit();
        assertEquals(2, received.get(), "the dead server got it, then the live one");
    }

    @Test
    void aRepeatedRegisterBranchRefusedAsDuplicateWasRegisteredByTheFirst() throws Exception {
        channelTo(new AtomicInteger(), new DtmGrpc.DtmImplBase() {
            @Override
            public void registerBranch(DtmBranchRequest request, StreamObserver<Empty> response) {
                // what DTM v1.19.0 on MySQL/MariaDB answers to a branch it has (seen against the real one)
                response.onError(Status.UNKNOWN.withDescription("Error 1062 (23000): Duplicate entry '"
                        + request.getGid() + "-01-cancel' for key 'gid_uniq'").asRuntimeException());
            }
        });
        DtmGrpcClient dtm = new DtmGrpcClient("discovery:///dtm-service", channel).withDeadline(Duration.ofSeconds(5));

        dtm.registerBranch(DtmBranchRequest.newBuilder().setGid("gid-tcc").setBranchID("01").setTransType("tcc").build());
    }

    @Test
    void aRegisterBranchRefusedAsDuplicateAtOnceFoundItsBranchRegistered() throws Exception {
        // No lost answer here: the same XA action ran first on a replica that died after registering
        // its branch, and was sent again to this one (FailoverIT saw it as a rolled-back purchase)
        AtomicInteger received = new AtomicInteger();
        DtmGrpc.DtmImplBase registered = new DtmGrpc.DtmImplBase() {
            @Override
            public void registerBranch(DtmBranchRequest request, StreamObserver<Empty> response) {
                received.incrementAndGet();
                response.onError(Status.UNKNOWN.withDescription("Error 1062 (23000): Duplicate entry '"
                        + request.getGid() + "-02-rollback' for key 'gid_uniq'").asRuntimeException());
            }
        };
        start(index -> registered.bindService());
        DtmGrpcClient dtm = new DtmGrpcClient("discovery:///dtm-service", channel).withDeadline(Duration.ofSeconds(5));

        dtm.registerBranch(DtmBranchRequest.newBuilder().setGid("gid-xa").setBranchID("02").setTransType("xa").build());
        assertEquals(1, received.get(), "answered at once, not sent again");
    }

    /**
     * DTM v1.19.0 marks a submitted XA or TCC transaction succeed when its Submit comes again, without
     * phase 2 of its branches (dtmsvr/api.go svcSubmit). FailoverIT met it: the first DTM server
     * committed two XA branches and died; the repeat to the second left the payment branch prepared
     * under "succeed". A Prepare shows the status instead, and the Submit is not sent again.
     */
    @Test
    void aLostXaSubmitIsNotSentAgainWhenDtmHoldsItSubmitted() throws Exception {
        AtomicInteger received = new AtomicInteger();
        AtomicInteger resubmitted = new AtomicInteger();
        DtmGrpcClient dtm = dtmAfterALostSubmit(received, resubmitted, "submitted");

        DtmOutcomeUnknownException e = assertThrows(DtmOutcomeUnknownException.class, () -> dtm.callDtm("Submit",
                DtmRequest.newBuilder().setGid("gid-xa-submitted").setTransType("xa").build()));
        assertEquals("Submit", e.operation());
        assertEquals(1, received.get(), "the dead server got it");
        assertEquals(0, resubmitted.get(), "not sent again: DTM would mark it succeed without phase 2");
    }

    @Test
    void aLostXaSubmitIsSentAgainWhenDtmStillHoldsItPrepared() throws Exception {
        AtomicInteger resubmitted = new AtomicInteger();
        DtmGrpcClient dtm = dtmAfterALostSubmit(new AtomicInteger(), resubmitted, "prepared");

        dtm.callDtm("Submit", DtmRequest.newBuilder().setGid("gid-tcc-prepared").setTransType("tcc").build());
        assertEquals(1, resubmitted.get(), "the first never landed: sent again, and DTM's answer counts");
    }

    @Test
    void aLostTccSubmitThatDtmFinishedIsDone() throws Exception {
        AtomicInteger resubmitted = new AtomicInteger();
        DtmGrpcClient dtm = dtmAfterALostSubmit(new AtomicInteger(), resubmitted, "succeed");

        dtm.callDtm("Submit", DtmRequest.newBuilder().setGid("gid-tcc-done").setTransType("tcc").build());
        assertEquals(0, resubmitted.get());
    }

    /**
     * A client whose first Submit reaches the server that dies ({@code received}); the live one holds
     * the transaction in {@code status} - a Prepare is accepted while it is prepared and refused
     * naming the status otherwise, as DTM v1.19.0's svcPrepare does - and counts the Submits it gets
     * ({@code resubmitted}).
     */
    private DtmGrpcClient dtmAfterALostSubmit(AtomicInteger received, AtomicInteger resubmitted, String status)
            throws Exception {
        channelTo(received, new DtmGrpc.DtmImplBase() {
            @Override
            public void prepare(DtmRequest request, StreamObserver<Empty> response) {
                if (status.equals("prepared")) {
                    ok(response);
                } else {
                    response.onError(Status.ABORTED.withDescription("current status '" + status
                            + "', cannot prepare. FAILURE").asRuntimeException());
                }
            }

            @Override
            public void submit(DtmRequest request, StreamObserver<Empty> response) {
                resubmitted.incrementAndGet();
                ok(response);
            }
        });
        return new DtmGrpcClient("discovery:///dtm-service", channel).withDeadline(Duration.ofSeconds(5));
    }

    @Test
    void anErrorAnsweredToARepeatLeavesTheOutcomeUnknown() throws Exception {
        channelTo(new AtomicInteger(), new DtmGrpc.DtmImplBase() {
            @Override
            public void submit(DtmRequest request, StreamObserver<Empty> response) {
                // the first server finished the saga before it died: no rollback, though ABORTED
                response.onError(Status.ABORTED.withDescription("current status 'succeed', cannot sumbmit. FAILURE")
                        .asRuntimeException());
            }
        });
        DtmGrpcClient dtm = new DtmGrpcClient("discovery:///dtm-service", channel).withDeadline(Duration.ofSeconds(5));

        SagaGrpc saga = dtm.newSaga("gid-finished").add("a", "c", null);
        DtmOutcomeUnknownException e = assertThrows(DtmOutcomeUnknownException.class, saga::submit);
        assertEquals("Submit", e.operation());
        assertEquals(Status.Code.UNAVAILABLE, ((StatusRuntimeException) e.getCause()).getStatus().getCode());
        assertTrue(e.getMessage().contains("sent again, DTM answered ABORTED current status 'succeed'"), e.getMessage());
        assertEquals(0, e.getSuppressed().length, "nothing suppressed: that says an Abort failed (PurchaseOutcome)");
    }

    @Test
    void aDeadlineIsNotRepeated() throws Exception {
        AtomicInteger received = new AtomicInteger();
        DtmGrpc.DtmImplBase silent = new DtmGrpc.DtmImplBase() {
            @Override
            public void prepare(DtmRequest request, StreamObserver<Empty> response) {
                received.incrementAndGet(); // never answers
            }
        };
        start(index -> silent.bindService());
        DtmGrpcClient dtm = new DtmGrpcClient("discovery:///dtm-service", channel).withDeadline(Duration.ofMillis(300));

        assertThrows(DtmOutcomeUnknownException.class, () -> dtm.newMsg("gid-slow").prepare(""));
        assertEquals(1, received.get());
    }

    @Test
    void aBranchCallWhoseReplicaDiedIsSentToTheOther() throws Exception {
        AtomicBoolean died = new AtomicBoolean();
        AtomicInteger calls = new AtomicInteger();
        start(index -> branchService(calls, (request, response) -> {
            if (died.compareAndSet(false, true)) {
                replicas.get(index).die();
            } else {
                response.onNext(request);
                response.onCompleted();
            }
        }));
        ChannelBranchInvoker invoker = new ChannelBranchInvoker(service -> channel, Duration.ofSeconds(5));

        byte[] reply = invoker.invoke("stock-service/stock.v1.StockService/TryDeductStock", new byte[] {7},
                new BranchContext("gid-b", "tcc", "01", "try", "", ""), Map.of());
        assertArrayEquals(new byte[] {7}, reply);
        assertEquals(2, calls.get());
    }

    @Test
    void aBranchAnswerOtherThanUnavailableIsNotRepeated() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ServerServiceDefinition refusing = branchService(calls, (request, response) ->
                response.onError(Status.ABORTED.withDescription("not enough stock").asRuntimeException()));
        start(index -> refusing);
        ChannelBranchInvoker invoker = new ChannelBranchInvoker(service -> channel, Duration.ofSeconds(5));

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> invoker.invoke(
                "stock-service/stock.v1.StockService/TryDeductStock", new byte[0],
                new BranchContext("gid-r", "tcc", "01", "try", "", ""), Map.of()));
        assertEquals(Status.Code.ABORTED, e.getStatus().getCode());
        assertEquals(1, calls.get());
        assertInstanceOf(DtmFailureException.class, DtmGrpcErrors.fromGrpc(e));
    }

    @Test
    void unavailableIsRepeatedUpToTheAttemptsAndNoOtherStatus() {
        AtomicInteger attempts = new AtomicInteger();
        UnavailableRetry retry = new UnavailableRetry(3, Duration.ofMillis(1));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> retry.call("test", () -> {
            attempts.incrementAndGet();
            throw Status.UNAVAILABLE.asRuntimeException();
        }));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        assertEquals(3, attempts.get());

        attempts.set(0);
        assertThrows(StatusRuntimeException.class, () -> retry.call("test", () -> {
            attempts.incrementAndGet();
            throw Status.DEADLINE_EXCEEDED.asRuntimeException();
        }));
        assertEquals(1, attempts.get());

        attempts.set(0);
        assertEquals("ok", retry.call("test", () -> {
            if (attempts.incrementAndGet() < 2) {
                throw Status.UNAVAILABLE.asRuntimeException();
            }
            return "ok";
        }));
        assertTrue(attempts.get() == 2);
    }

    /**
     * Two DTM servers: the one the first Submit or RegisterBranch reaches dies under it (the request
     * arrives, no answer leaves); every later request is served by {@code live}.
     */
    private void channelTo(AtomicInteger received, DtmGrpc.DtmImplBase live) throws Exception {
        AtomicBoolean died = new AtomicBoolean();
        start(index -> new DtmGrpc.DtmImplBase() {
            @Override
            public void submit(DtmRequest request, StreamObserver<Empty> response) {
                if (dies()) {
                    received.incrementAndGet();
                } else {
                    live.submit(request, response);
                }
            }

            @Override
            public void prepare(DtmRequest request, StreamObserver<Empty> response) {
                live.prepare(request, response);
            }

            @Override
            public void registerBranch(DtmBranchRequest request, StreamObserver<Empty> response) {
                if (dies()) {
                    received.incrementAndGet();
                } else {
                    live.registerBranch(request, response);
                }
            }

            private boolean dies() {
                if (died.compareAndSet(false, true)) {
                    replicas.get(index).die();
                    return true;
                }
                return false;
            }
        }.bindService());
    }

    private static void ok(StreamObserver<Empty> response) {
        response.onNext(Empty.getDefaultInstance());
        response.onCompleted();
    }

    /** A raw branch method (bytes in, bytes out), as {@link ChannelBranchInvoker} calls it. */
    private static ServerServiceDefinition branchService(AtomicInteger calls,
            ServerCalls.UnaryMethod<byte[], byte[]> handler) {
        io.grpc.MethodDescriptor<byte[], byte[]> method = io.grpc.MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
                .setFullMethodName("stock.v1.StockService/TryDeductStock")
                .setRequestMarshaller(ChannelBranchInvoker.BYTES).setResponseMarshaller(ChannelBranchInvoker.BYTES)
                .build();
        return ServerServiceDefinition.builder("stock.v1.StockService")
                .addMethod(method, ServerCalls.asyncUnaryCall((request, response) -> {
                    calls.incrementAndGet();
                    handler.invoke(request, response);
                }))
                .build();
    }

    /**
     * Starts two servers, {@code service.apply(0)} and {@code service.apply(1)}, and a channel that
     * knows both addresses, balanced round robin over the connected ones - as the Stork balancer of
     * Quarkus picks among the instances it is connected to.
     */
    private void start(java.util.function.IntFunction<ServerServiceDefinition> service) throws Exception {
        List<SocketAddress> addresses = new ArrayList<>();
        for (int index = 0; index < 2; index++) {
            Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(service.apply(index)).build().start();
            servers.add(server);
            Replica replica = new Replica(server.getPort());
            replicas.add(replica);
            addresses.add(new InetSocketAddress("127.0.0.1", replica.port()));
        }
        channel = NettyChannelBuilder.forTarget("replicas:///dtm")
                .nameResolverFactory(new Replicas(addresses))
                .defaultLoadBalancingPolicy("round_robin")
                .usePlaintext().build();
        channel.getState(true);
        long connected = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (channel.getState(false) != io.grpc.ConnectivityState.READY && System.nanoTime() < connected) {
            Thread.sleep(10);
        }
    }

    /**
     * A TCP relay in front of a server, standing for the process: {@link #die()} closes its
     * listening socket and every connection at once, which the client sees as a kill -9 - the
     * connection closes under the call (UNAVAILABLE), and a new one is refused.
     */
    private static final class Replica {
        private final java.net.ServerSocket listener = new java.net.ServerSocket(0, 50,
                java.net.InetAddress.getLoopbackAddress());
        private final List<java.net.Socket> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();

        Replica(int serverPort) throws java.io.IOException {
            Thread accept = new Thread(() -> {
                try {
                    while (true) {
                        java.net.Socket client = listener.accept();
                        java.net.Socket server = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), serverPort);
                        sockets.add(client);
                        sockets.add(server);
                        pipe(client, server);
                        pipe(server, client);
                    }
                } catch (java.io.IOException closed) {
                    // died
                }
            }, "replica-" + serverPort);
            accept.setDaemon(true);
            accept.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        void die() {
            try {
                listener.close();
            } catch (java.io.IOException ignored) {
                // gone already
            }
            for (java.net.Socket socket : sockets) {
                try {
                    socket.setSoLinger(true, 0); // RST, as the kernel sends for a killed process
                    socket.close();
                } catch (java.io.IOException ignored) {
                    // closed already
                }
            }
        }

        private static void pipe(java.net.Socket from, java.net.Socket to) {
            Thread thread = new Thread(() -> {
                try {
                    from.getInputStream().transferTo(to.getOutputStream());
                } catch (java.io.IOException closed) {
                    // one side went away
                }
                try {
                    to.close();
                } catch (java.io.IOException ignored) {
                    // closing anyway
                }
            });
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** A name resolver that answers a fixed list of addresses, one per replica. */
    private static final class Replicas extends NameResolverProvider {
        private final List<SocketAddress> addresses;

        Replicas(List<SocketAddress> addresses) {
            this.addresses = addresses;
        }

        @Override
        public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
            return new NameResolver() {
                @Override
                public String getServiceAuthority() {
                    return "dtm";
                }

                @Override
                public void start(Listener2 listener) {
                    List<EquivalentAddressGroup> groups = addresses.stream().map(EquivalentAddressGroup::new).toList();
                    listener.onResult(ResolutionResult.newBuilder().setAddresses(groups).setAttributes(Attributes.EMPTY)
                            .build());
                }

                @Override
                public void shutdown() {
                }
            };
        }

        @Override
        protected boolean isAvailable() {
            return true;
        }

        @Override
        protected int priority() {
            return 5;
        }

        @Override
        public String getDefaultScheme() {
            return "replicas";
        }
    }
}
