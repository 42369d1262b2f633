package io.dtmshop.consul;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One service instance as Consul's agent API takes it (PUT /v1/agent/service/register).
 * <p>
 * DTM resolves branch URLs such as {@code discovery:///stock-service/stock.v1.StockService/DeductStock}
 * through the kratos driver, whose Consul resolver only reads {@code TaggedAddresses} whose key is
 * the scheme ({@code grpc}) and whose address is a URL ({@code grpc://host:port}), and only from
 * instances whose checks pass. Stork's Consul discovery reads {@code Address} and {@code Port}.
 * This body carries both, so DTM and our services find the same instance.
 * <p>
 * Two HTTP checks, and an instance passes only when both do: {@code healthUrl} (liveness: the
 * process answers) and {@code startedUrl} (start-up: it has warmed up, see {@link WarmUpCheck}).
 * Consul starts every check as critical, so a new instance is found only once both passed once.
 * <p>
 * {@code incarnation} tells this process from an earlier one on the same address and port (the ID
 * stays the same across a restart): a random value per start, in the instance's Meta. Something an
 * earlier incarnation left behind is known to be orphaned once the ID carries a newer one.
 */
public record ServiceRegistration(String id, String name, String address, int port, String scheme,
                                  String version, String healthUrl, String startedUrl, String checkInterval,
                                  String deregisterCriticalAfter, String incarnation) {

    /** The Meta key of {@link #incarnation()}. */
    public static final String INCARNATION = "incarnation";

    /**
     * The instance's Consul service ID: unique per address and port, so replicas of one service -
     * on one host on ports of their own, or in containers of their own - each have their entry.
     */
    public static String idOf(String name, String address, int port) {
        return name + "-" + address + "-" + port;
    }

    /**
     * The address this host's name resolves to ({@link InetAddress#getLocalHost()}): in a Docker
     * container its address on the container network (Docker writes it into /etc/hosts).
     *
     * @throws IllegalStateException the host's name does not resolve
     */
    public static String ownAddress() {
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("this host's name does not resolve to an address to register in Consul;"
                    + " set SERVICE_ADDRESS (dtmshop.registration.address)", e);
        }
    }

    public String endpoint() {
        return scheme + "://" + address + ":" + port;
    }

    /** The JSON body for the agent API, as nested maps (serialised by the caller). */
    public Map<String, Object> toAgentBody() {
        Map<String, Object> live = httpCheck(livenessCheckId(id), name + " health", healthUrl);
        // An instance that died stays critical here: Consul drops it after a while.
        live.put("DeregisterCriticalServiceAfter", deregisterCriticalAfter);
        // Not deregistered while critical: a service still warming up (its database slow to
        // answer, say) must stay registered, just not passing.
        Map<String, Object> started = httpCheck("service:" + id + ":started", name + " warmed up", startedUrl);

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ID", id);
        body.put("Name", name);
        body.put("Address", address);
        body.put("Port", port);
        body.put("Tags", List.of("version=" + version));
        body.put("Meta", Map.of("scheme", scheme, INCARNATION, incarnation));
        body.put("TaggedAddresses", Map.of(scheme, Map.of("Address", endpoint(), "Port", port)));
        body.put("Checks", List.of(live, started));
        return body;
    }

    /** The CheckID of the liveness check of instance {@code id}: critical once the process stopped answering. */
    public static String livenessCheckId(String id) {
        return "service:" + id;
    }

    private Map<String, Object> httpCheck(String checkId, String checkName, String url) {
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("CheckID", checkId);
        check.put("Name", checkName);
        check.put("HTTP", url);
        check.put("Interval", checkInterval);
        check.put("Timeout", checkInterval);
        return check;
    }
}
