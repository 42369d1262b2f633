package io.dtmshop.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.dtmshop.gateway.client.DownstreamException;
import io.dtmshop.gateway.mapping.DownstreamErrors;
import io.dtmshop.gateway.mapping.HttpError;
import io.dtmshop.gateway.mapping.IdempotencyKey;
import io.dtmshop.gateway.mapping.RequestErrors;
import io.dtmshop.gateway.model.ErrorResponse;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Set;

/**
 * Every error the gateway answers goes through here, so that every error body is an
 * {@link ErrorResponse}; except the limits Vert.x checks before JAX-RS sees the request, answered
 * in {@link RequestLimits}.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @Inject
    AllowedMethods allowedMethods;

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        return answer(400, RequestErrors.fromViolations(e.getConstraintViolations()));
    }

    /** Malformed JSON, and numbers out of range. */
    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        return answer(400, RequestErrors.fromJson(e));
    }

    /**
     * A wrong type ({@code "quantity":"abc"}) or a body that is not an object. Declared on its own:
     * Quarkus REST has a built-in mapper for exactly this type, which would otherwise win over the
     * more general one above and answer 400 with no body.
     */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return answer(400, RequestErrors.fromJson(e));
    }

    @ServerExceptionMapper
    public Response badIdempotencyKey(IdempotencyKey.BadKeyException e) {
        return answer(400, e.body());
    }

    @ServerExceptionMapper
    public Response downstream(DownstreamException e) {
        HttpError error = DownstreamErrors.toHttpError(e.service(), e.status());
        if (error.httpStatus() >= 500) {
            LOG.warnf("HTTP %d: %s (%s)", error.httpStatus(), error.body().message(), e.getMessage());
        }
        return answer(error.httpStatus(), error.body());
    }

    /** Wrong method: 405 with the {@code Allow} header Quarkus REST leaves out (see {@link AllowedMethods}). */
    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, Request request, UriInfo uri) {
        String path = uri.getPath();
        Set<String> allowed = allowedMethods.of(path);
        String message = request.getMethod() + " is not allowed on " + path
                + (allowed.isEmpty() ? "" : "; it answers " + String.join(", ", allowed));
        return Response.status(405).allow(allowed).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorResponse.rejected(null, message)).build();
    }

    /** A body that is not JSON (by its Content-Type): 415. Every endpoint with a body takes JSON. */
    @ServerExceptionMapper
    public Response unsupported(NotSupportedException e, HttpHeaders headers) {
        String sent = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        return answer(415, ErrorResponse.rejected(null, "the request body must be application/json, not "
                + (sent == null ? "(no Content-Type)" : sent)));
    }

    /** An Accept header that excludes JSON: 406, answered in JSON all the same (the only type there is). */
    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e, HttpHeaders headers) {
        return answer(406, ErrorResponse.rejected(null, "the gateway answers application/json only, which Accept: "
                + headers.getHeaderString(HttpHeaders.ACCEPT) + " excludes"));
    }

    /**
     * Other JAX-RS errors: unknown path (404), and Jackson failures that Quarkus REST wraps in a 400.
     */
    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json);
        }
        int status = e.getResponse().getStatus();
        return answer(status, new ErrorResponse(ErrorResponse.statusFor(status), e.getMessage(), null));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("Unexpected failure", e);
        return answer(500, new ErrorResponse(ErrorResponse.ERROR, "internal error: " + e, null));
    }

    private static Response answer(int status, ErrorResponse body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
