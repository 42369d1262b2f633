package io.dtmshop.shop.config;

import io.dtmshop.dtm.BranchToken;
import io.dtmshop.dtm.ChannelBranchInvoker;
import io.dtmshop.dtm.DtmGrpcClient;
import io.dtmshop.dtm.DtmReadinessCheck;
import io.dtmshop.dtm.StuckChannelReset;
import io.dtmshop.dtm.workflow.Workflows;
import io.dtmshop.shop.purchase.Branches;
import io.dtmshop.shop.takeover.CoordinatorTakeoverJob;
import io.grpc.Channel;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.quarkus.arc.Unremovable;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.Readiness;

import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;

/**
 * One {@link DtmGrpcClient} for the shop. Its channel to DTM and the channels it uses to call a
 * branch itself (TCC tries, XA actions, the 2-phase message back-check) are Quarkus gRPC clients that Stork resolves
 * from Consul, so no address appears here.
 */
@ApplicationScoped
public class DtmClientProducer {

    private static final Logger LOG = Logger.getLogger(DtmClientProducer.class);

    @Inject
    ServiceNames names;
    @Inject
    OpenTelemetry openTelemetry;
    @Inject
    CoordinatorTakeoverJob takeover;

    @GrpcClient("dtm")
    Channel dtm;
    @GrpcClient("stock")
    Channel stock;
    @GrpcClient("order")
    Channel order;
    @GrpcClient("payment")
    Channel payment;

    @ConfigProperty(name = "dtmshop.branch-token.secrets")
    Optional<List<String>> branchTokenSecrets;
    @ConfigProperty(name = "dtmshop.branch-token.secrets-file")
    Optional<Path> branchTokenSecretsFile;

    /**
     * The secret the shop signs its transactions with, and checks DTM's workflow callback against
     * (env DTMSHOP_BRANCH_TOKEN_SECRETS or DTMSHOP_BRANCH_TOKEN_SECRETS_FILE; see dtm-client's BranchToken).
     */
    @Produces
    @Singleton
    BranchToken branchToken() {
        BranchToken token = BranchToken.fromSources(branchTokenSecrets.orElse(List.of()), branchTokenSecretsFile);
        LOG.infof("branch token secrets: key ids %s (the first signs)", token.keyIds());
        return token;
    }

    @Produces
    @ApplicationScoped
    DtmGrpcClient dtmClient(PurchaseConfig purchase, BranchToken branchToken) {
        Map<String, Channel> branchChannels = Map.of(names.stock(), stock, names.order(), order, names.payment(), payment);
        // The shop calls some branches itself: TCC tries, XA actions, the 2-phase message back-check.
        ChannelBranchInvoker invoker = new ChannelBranchInvoker(service -> {
            Channel channel = branchChannels.get(service);
            if (channel == null) {
                throw new IllegalArgumentException("no gRPC client configured for branch service " + service);
            }
            return channel;
        }, purchase.branchTimeout());
        // Every transaction is signed: the branch services refuse calls without the token.
        // Branches see DTM as discovery:///dtm-service (dtm-dtm): how Go branches with DTM's kratos driver reach it.
        return new DtmGrpcClient(Branches.host(names.dtm()), dtm, invoker).withDeadline(purchase.timeout())
                .withContextBranchHeaders(this::contextBranchHeaders).withBranchToken(branchToken);
    }

    /**
     * What every transaction carries as branch headers: the current trace context as W3C headers
     * ({@code traceparent}, and {@code baggage} if any) - DTM sends a transaction's branch headers as
     * gRPC metadata with each branch call, so the branches DTM calls join the purchase's trace (DTM
     * itself records no spans) - and this process as the transaction's coordinator, which DTM stores
     * with it (see CoordinatorTakeoverJob).
     */
    private Map<String, String> contextBranchHeaders() {
        Map<String, String> headers = new HashMap<>(takeover.coordinatorHeader());
        openTelemetry.getPropagators().getTextMapPropagator().inject(Context.current(), headers, Map::put);
        return headers;
    }

    /**
     * The shop started while DTM or a service was down finds it once it is back (see
     * {@link StuckChannelReset}); every stub of a client name shares its one channel.
     * {@code @Startup}: nothing injects it.
     */
    @Produces
    @Startup
    @Singleton
    StuckChannelReset stuckChannelReset() {
        return new StuckChannelReset(StuckChannelReset.PATIENCE).watch(names.dtm(), dtm)
                .watch(names.stock(), stock).watch(names.order(), order).watch(names.payment(), payment);
    }

    void closeStuckChannelReset(@Disposes StuckChannelReset reset) {
        reset.close();
    }

    /** Readiness covers DTM: it answers NewGid through the same Stork-resolved channel (see DtmReadinessCheck). */
    @Produces
    @Readiness
    @Unremovable // nothing injects it; SmallRye Health looks it up
    @ApplicationScoped
    HealthCheck dtmReadiness(DtmGrpcClient dtm) {
        return new DtmReadinessCheck(dtm);
    }

    /**
     * The shop's workflows (see {@code WorkflowPurchase}). DTM calls one back at
     * {@code discovery:///shop-service/workflow.Workflow/Execute}, which it resolves through Consul
     * like any branch URL. {@code @Singleton}: Workflows is final, so it cannot sit behind a proxy.
     */
    @Produces
    @Singleton
    Workflows workflows(DtmGrpcClient dtm) {
        return new Workflows(dtm, Workflows.callbackUrl(Branches.host(names.shop())));
    }
}
