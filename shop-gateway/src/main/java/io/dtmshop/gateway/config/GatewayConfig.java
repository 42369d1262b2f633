package io.dtmshop.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * How long the gateway waits for the services behind it, and how long a URI it takes.
 * <p>
 * Every call is bounded here rather than by {@code quarkus.grpc.clients.*.deadline}: that property
 * fixes one deadline when the stub is injected, after which every call fails.
 */
@ConfigMapping(prefix = "dtmshop.gateway")
public interface GatewayConfig {

    /** A purchase: shop-service runs the whole distributed transaction before it answers. */
    @WithDefault("90S")
    Duration purchaseTimeout();

    /** A read of one product, account or order. */
    @WithDefault("5S")
    Duration readTimeout();

    /**
     * The longest request-target (path and query, as sent) the gateway takes, in characters; a
     * longer one is answered 414 (rest/RequestLimits). Set in application.properties beside the
     * limits Vert.x enforces.
     */
    int maxUriLength();
}
