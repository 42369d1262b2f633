package io.dtmshop.consul;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

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

    /** True when the local agent knows this service id. */
    public boolean isRegistered(String serviceId) throws IOException, InterruptedException {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(base.resolve("/v1/agent/service/" + serviceId))
                .timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.discarding());
        return response.statusCode() == 200;
    }

    /**
     * The Raft leader's address as the agent reports it ({@code GET /v1/status/leader}); empty when
     * the agent answers but the cluster has no leader, so it can neither register nor resolve.
     */
    public String leader() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/v1/status/leader"))
                .timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("Consul answered HTTP " + response.statusCode() + " " + response.body());
        }
        return json.readValue(response.body(), String.class);
    }

    public URI base() {
        return base;
    }

    private void send(HttpRequest.Builder request, String what) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("Consul refused to " + what + ": HTTP " + response.statusCode() + " " + response.body());
        }
    }
}
