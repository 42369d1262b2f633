package io.dtmshop.gateway.client;

import io.grpc.netty.NettyChannelBuilder;
import io.quarkus.grpc.api.ChannelBuilderCustomizer;
import io.quarkus.grpc.runtime.config.GrpcClientConfiguration;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.grpc.client.GrpcClientOptions;
import jakarta.inject.Singleton;

/**
 * One trace per purchase, from the gateway's REST request into shop-service, whichever thread
 * sends the gRPC call.
 * <p>
 * Why: the gateway's gRPC clients are Vert.x clients behind Stork (application.properties). Every
 * call gets its trace context from Quarkus's gRPC tracing interceptor, which puts the
 * {@code traceparent} of the caller's span in the call's metadata. The Vert.x HTTP client under it
 * is traced as well, and sets {@code traceparent} again, from the Vert.x context of the thread that
 * sends the request. When Stork already has an instance that thread is the caller's and both agree;
 * when Stork must ask Consul first (the first call, and the first after each
 * {@code stork.period}), the request leaves from Stork's thread, which has no trace: the second
 * header then started a new trace and shop-service's part of the purchase was cut off from the
 * gateway's (ObservabilityIT saw it). Ignoring tracing in the transport leaves the interceptor's
 * header, the one that names the caller.
 */
@Singleton
public class GrpcClientTracing implements ChannelBuilderCustomizer<NettyChannelBuilder> {

    @Override
    public void customize(String name, GrpcClientConfiguration config, GrpcClientOptions options) {
        options.getTransportOptions().setTracingPolicy(TracingPolicy.IGNORE);
    }
}
