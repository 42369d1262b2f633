package io.dtmshop.stock.config;

import io.dtmshop.dtm.DtmGrpcClient;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Duration;

/**
 * The DTM client of this service. A branch service talks to DTM only to register an XA branch,
 * so it calls no branches itself; the channel is resolved by Stork from Consul.
 */
@ApplicationScoped
public class DtmClientProducer {

    private static final Duration DTM_CALL_DEADLINE = Duration.ofSeconds(5);

    @GrpcClient("dtm")
    Channel dtm;

    @Produces
    @ApplicationScoped
    DtmGrpcClient dtmClient() {
        return new DtmGrpcClient(dtm).withDeadline(DTM_CALL_DEADLINE);
    }
}
