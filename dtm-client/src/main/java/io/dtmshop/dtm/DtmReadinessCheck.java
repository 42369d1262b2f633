package io.dtmshop.dtm;

import java.time.Duration;
import java.util.Objects;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * A MicroProfile Health check: DTM answers a {@code NewGid} through the client's channel, so the
 * check covers the whole way to DTM - its discovery (e.g. Stork asking Consul) and DTM itself.
 * NewGid only generates an id; DTM stores nothing for it. Not a CDI bean: a service produces it
 * with its own {@link DtmGrpcClient} (see dtm-branch-service and shop-service).
 */
public final class DtmReadinessCheck implements HealthCheck {

    public static final String NAME = "DTM";
    /** Below the 3 s that docker-compose's health check gives {@code /q/health/ready}. */
    public static final Duration PROBE_DEADLINE = Duration.ofSeconds(2);

    private final DtmGrpcClient dtm;

    /** Waits {@link #PROBE_DEADLINE} for DTM. */
    public DtmReadinessCheck(DtmGrpcClient dtm) {
        this(dtm, PROBE_DEADLINE);
    }

    /** @param deadline how long a probe waits for DTM; keep it below the prober's own timeout */
    public DtmReadinessCheck(DtmGrpcClient dtm, Duration deadline) {
        this.dtm = Objects.requireNonNull(dtm, "dtm").withDeadline(Objects.requireNonNull(deadline, "deadline"));
    }

    @Override
    public HealthCheckResponse call() {
        try {
            dtm.newGid();
            return HealthCheckResponse.named(NAME).up().build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named(NAME).down().withData("error", e.getMessage() != null ? e.getMessage() : e.toString()).build();
        }
    }
}
