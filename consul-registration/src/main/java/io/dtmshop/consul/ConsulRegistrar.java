package io.dtmshop.consul;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Registers this service in Consul at start-up and deregisters it on shutdown.
 * <p>
 * Registration is retried in the background, so services can start before Consul, and restored
 * when Consul forgets it (a restarted {@code consul agent -dev} keeps nothing).
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

    /** The registration this process would send; exposed for health checks and tests. */
    public ServiceRegistration registration() {
        return registration;
    }

    private void ensureRegistered() {
        try {
            if (!agent.isRegistered(registration.id())) {
                agent.register(registration);
                LOG.infof("Registered %s in Consul at %s:%d as %s", registration.name(), config.consulHost(),
                        config.consulPort(), registration.endpoint());
            }
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
                http + config.startedPath(), config.checkInterval(), config.deregisterCriticalAfter());
    }
}
