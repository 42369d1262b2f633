package io.dtmshop.dtmbranch;

import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.TextFormat;
import io.dtmshop.consul.WarmUp;
import io.dtmshop.dtm.BranchContext;
import io.dtmshop.dtm.BranchToken;
import io.dtmshop.dtm.DtmConstants;
import io.dtmshop.dtm.DtmMetadata;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The warm-up of a branch service ({@link WarmUp}, run before Consul lists the service as passing):
 * calls through the service's own gRPC server that take the path of DTM's first branch call and
 * change nothing.
 * <p>
 * The main one is {@link #refusedSagaAction}: a saga action as DTM sends it, with a request the
 * service must refuse. It passes the gRPC server and its interceptors, {@code BranchCalls}, a
 * pooled connection, a JTA transaction with the barrier's insert and the business rules, and the
 * rollback that takes the barrier row back with it. Measured on stock-service (2 shared cores,
 * busy): its first real DeductStock took 1.8-2.8 s without a warm-up, 0.55-0.84 s after an action
 * refused by the rules before any query (0 units), 0.11-0.22 s after one refused only by the
 * guarded UPDATE - Hibernate's HQL translator loads on the first query. So a warm-up should get as
 * far as the branch's queries: with a request no real row satisfies, or with a read that runs the
 * same query.
 * <p>
 * The gid is {@code warm-up-<random>}, so the warm-up's log lines are told apart from DTM's; the
 * call carries the service's own branch token, as the shop's calls do.
 */
public abstract class BranchWarmUp implements WarmUp {

    private static final Logger LOG = Logger.getLogger(BranchWarmUp.class);
    /** Per call; a cold service answers its first call within a few seconds even on a busy machine. */
    static final Duration DEADLINE = Duration.ofSeconds(10);

    @ConfigProperty(name = "quarkus.grpc.server.port")
    int grpcPort;
    @Inject
    BranchToken tokens;

    /** The warm-up's calls, through {@code ownServer}, a channel to this service's gRPC server. */
    protected abstract void calls(Channel ownServer);

    @Override
    public void run() {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        try {
            calls(channel);
        } finally {
            channel.shutdownNow();
        }
    }

    /**
     * Calls {@code method} as DTM calls a saga action (op {@code action}, branch {@code 01}, a new
     * gid) and expects it to be refused (ABORTED), which rolls its transaction back.
     *
     * @throws StatusRuntimeException any other error (the server not listening yet, its database
     *                                unreachable): the warm-up is tried again
     */
    protected <Q, A> void refusedSagaAction(Channel ownServer, MethodDescriptor<Q, A> method,
            Function<String, Q> requestOfOrder) {
        String gid = "warm-up-" + UUID.randomUUID();
        BranchContext branch = new BranchContext(gid, DtmConstants.TRANS_TYPE_SAGA, "01", DtmConstants.OP_ACTION, "");
        // Signed and naming its own order as a purchase's branch is, so it gets past the branch
        // interceptor and OwnOrder to the queries.
        expect(Status.Code.ABORTED, ClientInterceptors.intercept(ownServer, DtmMetadata.attach(branch,
                Map.of(BranchToken.HEADER, tokens.sign(branch.transType(), gid)))), method, requestOfOrder.apply(gid));
    }

    /**
     * Calls {@code method} and expects the answer {@code expected}, e.g. NOT_FOUND for a lookup of
     * something that does not exist. An OK instead is logged, not tried again: the path is warm all
     * the same, and a request that went through must not be repeated.
     *
     * @throws StatusRuntimeException any other error: the warm-up is tried again
     */
    protected static <Q, A> void expect(Status.Code expected, Channel channel, MethodDescriptor<Q, A> method,
                                        Q request) {
        try {
            ClientCalls.blockingUnaryCall(channel, method,
                    CallOptions.DEFAULT.withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS), request);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == expected) {
                return;
            }
            throw e;
        }
        if (expected != Status.Code.OK) {
            LOG.errorf("%s answered OK to the warm-up's request, not %s: %s", method.getFullMethodName(), expected,
                    request instanceof MessageOrBuilder message ? TextFormat.shortDebugString(message) : request);
        }
    }
}
