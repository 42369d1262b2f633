package io.dtmshop.consul;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Registers this service in Consul at start-up and deregisters it on shutdown.
 * <p>
 * Registration is retried in the background, so services can start before Consul, and restored
 * when Consul forgets it (a restarted {@code consul agent -dev} keeps nothing) or still holds the
 * entry of an earlier process under the same ID.
 */
@ApplicationScoped
public class ConsulRegistrar {

    private static final Logger LOG = Logger.getLogger(ConsulRegistrar.class);

    @Inject
    RegistrationConfig config;
    @Inject
    Config mpConfig;
    @Inject
    ObjectMapper json;

    private ConsulAgent agent;
    private ServiceRegistration registration;
    private ScheduledExecutorService scheduler;
    /** Consul's agent held this process's registration (its incarnation) when last asked. */
    private volatile boolean registered;

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("Consul registration disabled");
            return;
        }
        registration = describeSelf();
        agent = new ConsulAgent(config.consulHost(), config.consulPort(), json);
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "consul-registration");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::ensureRegistered, 0, config.refreshSeconds(), TimeUnit.SECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdownNow();
        try {
            // a registration still in flight must not land after the deregistration
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
            agent.deregister(registration.id());
            LOG.infof("Deregistered %s from Consul", registration.id());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warnf("Could not deregister %s from Consul: %s", registration.id(), e.getMessage());
        }
    }

    /**
     * The registration this process sends; null before start-up and when registration is disabled.
     * Exposed for health checks, tests, and what names this process to others (its incarnation).
     */
    public ServiceRegistration registration() {
        return registration;
    }

    /**
     * Consul's agent held this process's registration, under its incarnation, when last asked
     * (every {@code dtmshop.registration.refresh-seconds}).
     */
    public boolean registered() {
        return registered;
    }

    private void ensureRegistered() {
        try {
            // Also when the agent knows the ID under another incarnation: the entry of an earlier
            // process on this address and port (killed, so it never deregistered), which must not
            // speak for this one.
            if (!agent.registeredIncarnation(registration.id()).equals(Optional.of(registration.incarnation()))) {
                registered = false;
                agent.register(registration);
                LOG.infof("Registered %s in Consul at %s:%d as %s", registration.name(), config.consulHost(),
                        config.consulPort(), registration.endpoint());
            }
            registered = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warnf("Consul at %s:%d not reachable yet (%s); will retry", config.consulHost(), config.consulPort(),
                    e.getMessage());
        }
    }

    private ServiceRegistration describeSelf() {
        String name = config.name().orElseGet(() -> mpConfig.getValue("quarkus.application.name", String.class));
        String version = mpConfig.getOptionalValue("quarkus.application.version", String.class).orElse("unknown");
        int httpPort = mpConfig.getOptionalValue("quarkus.http.port", Integer.class).orElse(8080);
        int port = switch (config.scheme()) {
            case "grpc" -> mpConfig.getOptionalValue("quarkus.grpc.server.port", Integer.class).orElse(9000);
            case "http" -> httpPort;
            default -> throw new IllegalArgumentException(
                    "dtmshop.registration.scheme must be grpc or http, not " + config.scheme());
        };
        String address = config.address().orElseGet(ServiceRegistration::ownAddress);
        String http = "http://" + address + ":" + httpPort;
        return new ServiceRegistration(ServiceRegistration.idOf(name, address, port), name,
                address, port, config.scheme(), version, http + config.healthPath(),
                http + config.startedPath(), config.checkInterval(), config.deregisterCriticalAfter(),
                UUID.randomUUID().toString());
    }
}
