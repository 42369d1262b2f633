package io.dtmshop.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtmshop.gateway.config.GatewayConfig;
import io.dtmshop.gateway.model.ErrorResponse;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The request limits checked by Vert.x, below JAX-RS, answered with an {@link ErrorResponse} like
 * every other error. The limits are set in application.properties.
 * <ul>
 * <li>A request-target (path and query) longer than {@code dtmshop.gateway.max-uri-length}: 414.</li>
 * <li>A body larger than {@code quarkus.http.limits.max-body-size}, whether announced by
 * Content-Length or sent chunked: 413. Quarkus checks this limit itself, but answers with an empty
 * body (quarkus-vertx-http's HttpServerCommonHandlers.enforceMaxBodySize, a route of order
 * {@link RouteConstants#ROUTE_ORDER_UPLOAD_LIMIT}, for Content-Length; resteasy-reactive's
 * VertxInputStream for a chunked body). This route comes first and reads the body with Vert.x Web's
 * BodyHandler under the same limit, so those two never see a body over it.</li>
 * <li>An {@code Expect} other than {@code 100-continue}: 417 (BodyHandler).</li>
 * </ul>
 * Each answer closes the connection: the rest of the request is not read.
 * <p>
 * What no handler can answer: Vert.x's HTTP decoder refuses a request line longer than
 * {@code quarkus.http.limits.max-initial-line-length} (414), headers larger than
 * {@code quarkus.http.limits.max-header-size} (431) and a request it cannot parse (400) before any
 * handler runs, through Vert.x's {@code HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER}, with an
 * empty body. Quarkus 3.30 never calls {@code HttpServer.invalidRequestHandler} and hands the server
 * to no hook (only its options, HttpServerOptionsCustomizer), so those answers stay bare; the URI
 * limit is checked here, below the line limit, so that every request line the decoder lets through
 * gets the JSON body.
 */
@ApplicationScoped
public class RequestLimits {

    /** Before Quarkus' own body-size check, which answers 413 without a body. */
    private static final int ORDER = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1;
    /** What a request line holds besides the URI, at most, for the methods the gateway serves: "OPTIONS " and " HTTP/1.1". */
    private static final int REQUEST_LINE_OVERHEAD = "OPTIONS ".length() + " HTTP/1.1".length();

    @Inject
    GatewayConfig config;
    @Inject
    ObjectMapper json;
    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBodySize;
    @ConfigProperty(name = "quarkus.http.limits.max-initial-line-length")
    int maxRequestLine;

    private BodyHandler bodies;

    void install(@Observes Router router) {
        if (config.maxUriLength() + REQUEST_LINE_OVERHEAD > maxRequestLine) {
            throw new IllegalStateException("dtmshop.gateway.max-uri-length=" + config.maxUriLength()
                    + " must leave room for the method and version within quarkus.http.limits.max-initial-line-length="
                    + maxRequestLine + ", or a too-long URI would be refused by Vert.x without a body");
        }
        bodies = BodyHandler.create(false)
                .setBodyLimit(maxBodySize.asLongValue())
                // form fields stay out of the request's parameters (JAX-RS reads none from a body here)
                .setMergeFormAttributes(false);
        router.route().order(ORDER)
                .handler(this::checkUri)
                .handler(this::readBody)
                .handler(this::handOverBody)
                .failureHandler(this::answerFailure);
    }

    private void checkUri(RoutingContext context) {
        int length = context.request().uri().length();
        if (length > config.maxUriLength()) {
            answer(context, 414, "the URI is " + length + " characters long; the gateway takes at most "
                    + config.maxUriLength());
        } else {
            context.next();
        }
    }

    /**
     * An empty request can have ended before this route runs; Vert.x Web 4.5's BodyHandler would
     * then wait for an end that already came (BodyHandlerImpl reads only a request not yet ended).
     * There is nothing to read or limit then.
     */
    private void readBody(RoutingContext context) {
        if (context.request().isEnded()) {
            context.next();
        } else {
            bodies.handle(context);
        }
    }

    /**
     * Quarkus REST reads the body BodyHandler read (RoutingContext.getBody()), and reads the request
     * itself when there is none - a request whose end BodyHandler already consumed, so it would
     * wait forever. BodyHandler leaves no body when no byte came (Content-Length: 0, an empty
     * chunked body): give it an empty one.
     */
    private void handOverBody(RoutingContext context) {
        if (context.body().buffer() == null) {
            context.setBody(Buffer.buffer());
        }
        context.next();
    }

    /** BodyHandler's refusals; any other failure (of a later route too) goes on to the next handler. */
    private void answerFailure(RoutingContext context) {
        switch (context.statusCode()) {
            case 413 -> answer(context, 413, "the request body is larger than the gateway's limit of "
                    + maxBodySize.asLongValue() + " bytes");
            case 417 -> answer(context, 417, "Expect: " + context.request().getHeader(HttpHeaders.EXPECT)
                    + " is not supported; only 100-continue is");
            default -> context.next();
        }
    }

    private void answer(RoutingContext context, int status, String message) {
        HttpServerResponse response = context.response();
        if (response.headWritten()) {
            context.request().connection().close();
            return;
        }
        byte[] body;
        try {
            body = json.writeValueAsBytes(ErrorResponse.rejected(null, message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ErrorResponse is always serializable", e);
        }
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON)
                .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
                .endHandler(ended -> context.request().connection().close())
                .end(Buffer.buffer(body));
    }
}
