package io.dtmshop.consul;

/**
 * One registered instance of a service as Consul's health API lists it
 * ({@code GET /v1/health/service/<name>}, passing or not).
 *
 * @param id          the instance's service ID ({@link ServiceRegistration#idOf})
 * @param incarnation its Meta {@link ServiceRegistration#INCARNATION}; empty for an instance that
 *                    does not register one
 * @param dead        its liveness check ({@link ServiceRegistration#livenessCheckId}) ran and is
 *                    critical: the process stopped answering. Not a check that has not run yet
 *                    (Consul starts it critical), nor the start-up check: a process still warming up
 *                    is alive.
 */
public record InstanceHealth(String id, String incarnation, boolean dead) {
}
