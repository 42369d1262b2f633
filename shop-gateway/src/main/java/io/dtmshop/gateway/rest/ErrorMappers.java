package io.dtmshop.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.dtmshop.gateway.client.DownstreamException;
import io.dtmshop.gateway.mapping.DownstreamErrors;
import io.dtmshop.gateway.mapping.HttpError;
import io.dtmshop.gateway.mapping.IdempotencyKey;
import io.dtmshop.gateway.mapping.RequestErrors;
import io.dtmshop.gateway.model.ErrorResponse;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error the gateway answers goes through here, so that every error body is an
 * {@link ErrorResponse}.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

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

    /**
     * JAX-RS errors: unknown path (404), wrong method (405), wrong media type (415), and Jackson
     * failures that Quarkus REST wraps in a 400.
     */
    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json);
        }
        int status = e.getResponse().getStatus();
        String kind = switch (status) {
            case 404 -> ErrorResponse.NOT_FOUND;
            case 503 -> ErrorResponse.UNAVAILABLE;
            default -> status < 500 ? ErrorResponse.REJECTED : ErrorResponse.ERROR;
        };
        return answer(status, new ErrorResponse(kind, e.getMessage(), null));
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
