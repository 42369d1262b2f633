package io.dtmshop.gateway.rest;

import io.dtmshop.consul.WarmUp;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The gateway's warm-up before Consul lists it (consul-registration's {@link WarmUp}): a purchase
 * through its own HTTP server that its validation refuses (0 units, 400), so the REST layer, the
 * JSON reader, bean validation and the error mapping have run once before the first user's
 * purchase. Nothing reaches shop-service.
 */
@ApplicationScoped
public class PurchaseWarmUp implements WarmUp {

    private static final Logger LOG = Logger.getLogger(PurchaseWarmUp.class);
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @ConfigProperty(name = "quarkus.http.port")
    int httpPort;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(DEADLINE).build();

    @Override
    public void run() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/shop/saga"))
                .timeout(DEADLINE).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":1,\"productId\":1,\"quantity\":0}")).build();
        // An IOException (not listening yet) is tried again; any answer means the path has run, and
        // one that is not the expected refusal must not be repeated.
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 400) {
            LOG.errorf("POST /shop/saga with 0 units answered %d, not 400: %s", response.statusCode(), response.body());
        }
    }
}
