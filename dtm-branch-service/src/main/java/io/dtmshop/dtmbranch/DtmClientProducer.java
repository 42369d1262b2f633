package io.dtmshop.dtmbranch;

import io.dtmshop.dtm.DbConf;
import io.dtmshop.dtm.DtmGrpcClient;
import io.dtmshop.dtm.DtmReadinessCheck;
import io.dtmshop.dtm.StuckChannelReset;
import io.grpc.Channel;
import io.quarkus.arc.Unremovable;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;

/**
 * What an XA branch needs: the DTM client (a branch service talks to DTM only to register an XA
 * branch, so it calls no branches itself; the gRPC client {@code dtm} is resolved by Stork from
 * Consul, see this module's {@code META-INF/microprofile-config.properties}) and the database
 * settings the branch opens its own, unpooled connection with (see {@link DbConf} for why).
 */
@ApplicationScoped
public class DtmClientProducer {

    private static final Duration DTM_CALL_DEADLINE = Duration.ofSeconds(5);

    @GrpcClient("dtm")
    Channel dtm;
    /** DTM's name in Consul: the channel above is resolved by it, and branches see it as discovery:///<name>. */
    @ConfigProperty(name = "quarkus.grpc.clients.dtm.host")
    String dtmService;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String user;
    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    @Produces
    @ApplicationScoped
    DtmGrpcClient dtmClient() {
        return new DtmGrpcClient("discovery:///" + dtmService, dtm).withDeadline(DTM_CALL_DEADLINE);
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
     * A service started while DTM was down finds DTM once it is back (see {@link StuckChannelReset}).
     * {@code @Startup}: nothing injects it.
     */
    @Produces
    @Startup
    @Singleton
    StuckChannelReset stuckChannelReset() {
        return new StuckChannelReset(StuckChannelReset.PATIENCE).watch("dtm", dtm);
    }

    void closeStuckChannelReset(@Disposes StuckChannelReset reset) {
        reset.close();
    }

    @Produces
    @Singleton // a record is final, so it cannot sit behind an @ApplicationScoped client proxy
    DbConf xaDb() {
        return new DbConf(jdbcUrl, user, password);
    }
}
