package io.dtmshop.consul;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The calls of Consul's HTTP API this project needs.
 * <p>
 * Written on the JDK's HttpClient rather than vertx-consul-client: its {@code ServiceOptions}
 * cannot carry {@code TaggedAddresses}, which DTM's kratos resolver requires.
 */
public class ConsulAgent {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ObjectMapper json;

    public ConsulAgent(String host, int port, ObjectMapper json) {
        this.base = URI.create("http://" + host + ":" + port);
        this.json = json;
    }

    public void register(ServiceRegistration registration) throws IOException, InterruptedException {
        byte[] body = json.writeValueAsBytes(registration.toAgentBody());
        send(HttpRequest.newBuilder(base.resolve("/v1/agent/service/register"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)), "register " + registration.id());
    }

    public void deregister(String serviceId) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(base.resolve("/v1/agent/service/deregister/" + serviceId))
                .PUT(HttpRequest.BodyPublishers.noBody()), "deregister " + serviceId);
    }

    /**
     * The incarnation ({@link ServiceRegistration#INCARNATION}) under which the local agent knows
     * this service ID; empty when it does not know the ID, "" for an entry without one.
     */
    public Optional<String> registeredIncarnation(String serviceId) throws IOException, InterruptedException {
        return get("/v1/agent/service/" + serviceId)
                .map(service -> service.path("Meta").path(ServiceRegistration.INCARNATION).asText(""));
    }

    /**
     * The Raft leader's address as the agent reports it ({@code GET /v1/status/leader}); empty when
     * the agent answers but the cluster has no leader, so it can neither register nor resolve.
     */
    public String leader() throws IOException, InterruptedException {
        return require("/v1/status/leader").asText();
    }

    /**
     * Every instance of {@code service} registered in the catalog, passing or not
     * ({@code GET /v1/health/service/<service>}).
     */
    public List<InstanceHealth> instances(String service) throws IOException, InterruptedException {
        List<InstanceHealth> instances = new ArrayList<>();
        for (JsonNode entry : require("/v1/health/service/" + URLEncoder.encode(service, StandardCharsets.UTF_8))) {
            String id = entry.path("Service").path("ID").asText();
            boolean dead = false;
            for (JsonNode check : entry.path("Checks")) {
                // Consul starts a new check as critical with no output: not yet a verdict (a
                // registration Consul just took again, e.g. after the agent restarted).
                dead |= check.path("CheckID").asText().equals(ServiceRegistration.livenessCheckId(id))
                        && check.path("Status").asText().equals("critical") && !check.path("Output").asText("").isBlank();
            }
            instances.add(new InstanceHealth(id,
                    entry.path("Service").path("Meta").path(ServiceRegistration.INCARNATION).asText(""), dead));
        }
        return instances;
    }

    public URI base() {
        return base;
    }

    /** GET {@code path}: Consul's JSON answer; empty when Consul answers 404 (it does not know what was asked). */
    private Optional<JsonNode> get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IOException("Consul answered HTTP " + response.statusCode() + " to GET " + path + ": " + response.body());
        }
        return Optional.of(json.readTree(response.body()));
    }

    /** {@link #get}, where a 404 is an error too. */
    private JsonNode require(String path) throws IOException, InterruptedException {
        return get(path).orElseThrow(() -> new IOException("Consul answered HTTP 404 to GET " + path));
    }

    private void send(HttpRequest.Builder request, String what) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("Consul refused to " + what + ": HTTP " + response.statusCode() + " " + response.body());
        }
    }
}
