package io.dtmshop.shop.takeover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtmshop.consul.ConsulAgent;
import io.dtmshop.consul.ConsulRegistrar;
import io.dtmshop.consul.RegistrationConfig;
import io.dtmshop.consul.ServiceRegistration;
import io.dtmshop.dtm.DtmException;
import io.dtmshop.dtm.DtmGrpcClient;
import io.dtmshop.dtm.grpc.gen.DtmRequest;
import io.dtmshop.shop.config.ServiceNames;
import io.dtmshop.shop.config.DtmQueryApi;
import io.grpc.StatusRuntimeException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every {@code dtmshop.takeover.period}, ends the prepared transactions whose shop-service died
 * ({@link CoordinatorTakeover}): reads shop-service's instances in Consul and DTM's prepared
 * transactions, aborts the orphaned XA and TCC ones and resumes the orphaned workflows. Every
 * replica runs it; DTM takes an Abort of a transaction already aborting again, and answers
 * FAILURE for one already ended - both harmless.
 * <p>
 * It also names this process as the coordinator of every transaction it begins
 * ({@link #coordinatorHeader}, a branch header), which is what makes its own transactions
 * recognisable to the other replicas once it is gone.
 */
@ApplicationScoped
public class CoordinatorTakeoverJob {

    private static final Logger LOG = Logger.getLogger(CoordinatorTakeoverJob.class);
    /** Transactions per page of DTM's list, and the most pages read per round. */
    private static final int PAGE = 100;
    private static final int PAGES = 10;

    @ConfigProperty(name = "dtmshop.takeover.enabled")
    boolean enabled;
    @ConfigProperty(name = "dtmshop.takeover.grace")
    Duration grace;
    @ConfigProperty(name = "dtmshop.takeover.period")
    Duration period;

    @Inject
    ConsulRegistrar registrar;
    @Inject
    RegistrationConfig registration;
    @Inject
    ServiceNames names;
    @Inject
    DtmGrpcClient dtm;
    @Inject
    @RestClient
    DtmQueryApi dtmHttp;
    @Inject
    ObjectMapper json;

    private CoordinatorTakeover takeover;
    private ConsulAgent consul;
    /** The last round could not read Consul or DTM (logged once, not every second). */
    private boolean blind;

    /**
     * The branch header that names this process as a transaction's coordinator; empty until Consul
     * holds this process's registration under its incarnation, and when it does not register
     * (dtmshop.registration.enabled=false) or the takeover is off: another replica could otherwise
     * read the entry an earlier process left under the same ID as this one having been restarted.
     */
    public Map<String, String> coordinatorHeader() {
        return registrar.registered() ? self().map(c -> Map.of(Coordinator.HEADER, c.headerValue())).orElse(Map.of())
                : Map.of();
    }

    @Scheduled(every = "${dtmshop.takeover.period}", delayed = "${dtmshop.takeover.period}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        Optional<Coordinator> self = self();
        if (self.isEmpty()) {
            return;
        }
        if (takeover == null) {
            takeover = new CoordinatorTakeover(self.get(), grace);
            consul = new ConsulAgent(registration.consulHost(), registration.consulPort(), json);
        }
        List<CoordinatorTakeover.Orphan> orphans;
        try {
            orphans = takeover.orphans(consul.instances(names.shop()), prepared(), Instant.now());
        } catch (IOException | RuntimeException e) {
            if (!blind) {
                LOG.warnf("cannot look for transactions of a dead shop-service (tried again every %s): %s",
                        period, e.toString());
            }
            blind = true;
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (blind) {
            LOG.info("looking for transactions of a dead shop-service again");
            blind = false;
        }
        for (CoordinatorTakeover.Orphan orphan : orphans) {
            end(orphan);
        }
    }

    private Optional<Coordinator> self() {
        ServiceRegistration own = enabled ? registrar.registration() : null;
        return own == null ? Optional.empty() : Optional.of(new Coordinator(own.id(), own.incarnation()));
    }

    /** DTM's prepared transactions, newest first, at most {@link #PAGES} pages. */
    private List<CoordinatorTakeover.PreparedTransaction> prepared() throws IOException {
        List<CoordinatorTakeover.PreparedTransaction> prepared = new ArrayList<>();
        String position = "";
        for (int page = 0; page < PAGES; page++) {
            DtmQueryApi.ListResult result = dtmHttp.all("prepared", PAGE, position);
            for (DtmQueryApi.Transaction t : result.transactions() == null ? List.<DtmQueryApi.Transaction>of()
                    : result.transactions()) {
                if ("prepared".equals(t.status())) {
                    prepared.add(new CoordinatorTakeover.PreparedTransaction(t.gid(), t.transType(),
                            branchHeaders(t.options())));
                }
            }
            position = result.nextPosition() == null ? "" : result.nextPosition();
            if (position.isEmpty()) {
                break;
            }
        }
        return prepared;
    }

    /** The {@code branch_headers} of DTM's stored options (a JSON text, or empty). */
    private Map<String, String> branchHeaders(String options) throws IOException {
        Map<String, String> headers = new HashMap<>();
        if (options != null && !options.isBlank()) {
            json.readTree(options).path("branch_headers").fields()
                    .forEachRemaining(header -> headers.put(header.getKey(), header.getValue().asText()));
        }
        return headers;
    }

    private void end(CoordinatorTakeover.Orphan orphan) {
        try {
            switch (orphan.action()) {
                case ABORT -> dtm.callDtm("Abort", DtmRequest.newBuilder().setGid(orphan.gid())
                        .setTransType(orphan.transType()).setRollbackReason(orphan.reason()).build());
                case RESUME -> {
                    dtmHttp.resetNextCronTime(Map.of("gid", orphan.gid()));
                    takeover.resumed(orphan.gid());
                }
            }
            LOG.infof("gid=%s prepared %s taken over (%s): %s", orphan.gid(), orphan.transType(),
                    orphan.action() == CoordinatorTakeover.Action.ABORT ? "aborted" : "resumed", orphan.reason());
        } catch (DtmException | StatusRuntimeException | WebApplicationException | ProcessingException e) {
            // another replica got there first, or DTM could not be asked: the next round looks again
            LOG.infof("gid=%s prepared %s not taken over (%s): %s", orphan.gid(), orphan.transType(), orphan.reason(),
                    e.getMessage());
        }
    }
}
