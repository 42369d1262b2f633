package io.dtmshop.consul;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: the Consul agent this service registers with (and finds DTM and the other services
 * through) answers, and its cluster has a leader. Consul itself polls liveness, not this (see
 * {@link RegistrationConfig#healthPath()}).
 */
@Readiness
@ApplicationScoped
public class ConsulReadinessCheck implements HealthCheck {

    public static final String NAME = "Consul";

    @Inject
    RegistrationConfig config;
    @Inject
    ObjectMapper json;

    private ConsulAgent agent;

    @PostConstruct
    void connect() {
        agent = new ConsulAgent(config.consulHost(), config.consulPort(), json);
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).withData("agent", agent.base().toString());
        try {
            String leader = agent.leader();
            if (leader.isEmpty()) {
                return response.down().withData("error", "the agent answers but its cluster has no leader").build();
            }
            return response.up().withData("leader", leader).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return response.down().withData("error", "interrupted").build();
        } catch (Exception e) {
            // a refused connection comes without a message
            return response.down().withData("error", e.getMessage() != null ? e.getMessage() : e.toString()).build();
        }
    }
}
