package io.dtmshop.consul;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * Where Consul is and how this service announces itself there.
 * Defaults suit the local stack; docker-compose overrides them through the environment.
 */
@ConfigMapping(prefix = "dtmshop.registration")
public interface RegistrationConfig {

    /** Set to false to run a service without Consul (e.g. a unit test that starts Quarkus). */
    @WithDefault("true")
    boolean enabled();

    /** Consul agent host. */
    @WithDefault("127.0.0.1")
    String consulHost();

    /** Consul agent HTTP port. */
    @WithDefault("8500")
    int consulPort();

    /** Service name in Consul; defaults to quarkus.application.name. */
    Optional<String> name();

    /**
     * Address other processes (DTM, the shop, Consul's checks) reach this service at. Unset: the
     * address this host's name resolves to ({@link ServiceRegistration#ownAddress()}) - in a
     * container its own address on the container network, so every replica of a scaled service
     * registers itself (docker-compose). scripts/stack.sh sets 127.0.0.1 (SERVICE_ADDRESS), where the
     * services listen.
     */
    Optional<String> address();

    /**
     * Endpoint scheme: {@code grpc} registers the gRPC server port (quarkus.grpc.server.port),
     * {@code http} the HTTP port (quarkus.http.port).
     */
    @WithDefault("grpc")
    String scheme();

    /**
     * Health endpoint Consul polls over HTTP. Liveness, not readiness: readiness also covers DTM and
     * Consul (see ConsulReadinessCheck, DtmReadinessCheck), and with DTM down every service would
     * turn critical in Consul - the shop would then blame the services instead of DTM, and after
     * deregister-critical-after Consul would drop them all. An instance that is down still fails
     * this check (nothing answers), which is what DTM and Stork need to know.
     */
    @WithDefault("/q/health/live")
    String healthPath();

    /**
     * The second health endpoint Consul polls: SmallRye Health's startup checks, where
     * {@link WarmUpCheck} stays DOWN until the service has sent itself its {@link WarmUp} request.
     * A service counts as passing in Consul only when both checks pass, so DTM and Stork send it
     * nothing before its first real request is fast.
     */
    @WithDefault("/q/health/started")
    String startedPath();

    @WithDefault("2s")
    String checkInterval();

    /** A service whose check stays critical this long is removed (e.g. after kill -9). */
    @WithDefault("30s")
    String deregisterCriticalAfter();

    /** How often the registration is verified and restored (Consul -dev forgets everything on restart). */
    @WithDefault("10")
    int refreshSeconds();
}
