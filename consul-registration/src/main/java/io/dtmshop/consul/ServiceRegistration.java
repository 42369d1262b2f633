package io.dtmshop.consul;

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
 */
public record ServiceRegistration(String id, String name, String address, int port, String scheme,
                                  String version, String healthUrl, String checkInterval,
                                  String deregisterCriticalAfter) {

    public static String idOf(String name, String address, int port) {
        return name + "-" + address + "-" + port;
    }

    public String endpoint() {
        return scheme + "://" + address + ":" + port;
    }

    /** The JSON body for the agent API, as nested maps (serialised by the caller). */
    public Map<String, Object> toAgentBody() {
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("CheckID", "service:" + id);
        check.put("Name", name + " health");
        check.put("HTTP", healthUrl);
        check.put("Interval", checkInterval);
        check.put("Timeout", checkInterval);
        check.put("DeregisterCriticalServiceAfter", deregisterCriticalAfter);

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ID", id);
        body.put("Name", name);
        body.put("Address", address);
        body.put("Port", port);
        body.put("Tags", List.of("version=" + version));
        body.put("Meta", Map.of("scheme", scheme));
        body.put("TaggedAddresses", Map.of(scheme, Map.of("Address", endpoint(), "Port", port)));
        body.put("Check", check);
        return body;
    }
}
