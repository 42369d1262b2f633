package io.dtmshop.shop.config;

import io.dtmshop.dtm.ChannelBranchInvoker;
import io.dtmshop.dtm.DtmGrpcClient;
import io.dtmshop.dtm.workflow.Workflows;
import io.dtmshop.shop.purchase.Branches;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * One {@link DtmGrpcClient} for the shop. Its channel to DTM and the channels it uses to call a
 * branch itself (TCC tries, XA actions, the 2-phase message back-check) are Quarkus gRPC clients that Stork resolves
 * from Consul, so no address appears here.
 */
@ApplicationScoped
public class DtmClientProducer {

    @Inject
    ServiceNames names;

    @GrpcClient("dtm")
    Channel dtm;
    @GrpcClient("stock")
    Channel stock;
    @GrpcClient("order")
    Channel order;
    @GrpcClient("payment")
    Channel payment;

    @Produces
    @ApplicationScoped
    DtmGrpcClient dtmClient(PurchaseConfig purchase) {
        Map<String, Channel> branchChannels = Map.of(names.stock(), stock, names.order(), order, names.payment(), payment);
        // The shop calls some branches itself: TCC tries, XA actions, the 2-phase message back-check.
        ChannelBranchInvoker invoker = new ChannelBranchInvoker(service -> {
            Channel channel = branchChannels.get(service);
            if (channel == null) {
                throw new IllegalArgumentException("no gRPC client configured for branch service " + service);
            }
            return channel;
        }, purchase.branchTimeout());
        return new DtmGrpcClient(dtm, invoker).withDeadline(purchase.timeout());
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
