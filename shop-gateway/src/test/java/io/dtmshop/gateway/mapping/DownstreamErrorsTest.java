package io.dtmshop.gateway.mapping;

import io.dtmshop.gateway.model.ErrorResponse;
import io.grpc.Status;
import io.smallrye.stork.api.NoServiceInstanceFoundException;
import io.vertx.core.http.HttpClosedException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class DownstreamErrorsTest {

    @Test
    void invalidArgumentIsTheClientsFault() {
        HttpError error = DownstreamErrors.toHttpError("shop-service",
                Status.INVALID_ARGUMENT.withDescription("quantity must be positive"));

        assertEquals(400, error.httpStatus());
        assertEquals(ErrorResponse.REJECTED, error.body().status());
        assertEquals("shop-service refused the request: quantity must be positive", error.body().message());
    }

    @Test
    void notFoundPassesTheServicesExplanation() {
        HttpError error = DownstreamErrors.toHttpError("stock-service",
                Status.NOT_FOUND.withDescription("product 42 not found"));

        assertEquals(404, error.httpStatus());
        assertEquals(new ErrorResponse(ErrorResponse.NOT_FOUND, "product 42 not found", null), error.body());
    }

    @Test
    void unavailableNamesTheService() {
        HttpError error = DownstreamErrors.toHttpError("order-service", Status.UNAVAILABLE);

        assertEquals(503, error.httpStatus());
        assertEquals(new ErrorResponse(ErrorResponse.UNAVAILABLE, "order-service could not be reached", null),
                error.body());
    }

    @Test
    void unavailableAnsweredByTheServiceSaysWhatIsMissingBehindIt() {
        // the shop itself answered: it is DTM that could not be reached, not the shop
        HttpError error = DownstreamErrors.toHttpError("shop-service",
                Status.UNAVAILABLE.withDescription("DTM cannot be reached: UNAVAILABLE: io exception"));

        assertEquals(503, error.httpStatus());
        assertEquals("shop-service answered: DTM cannot be reached: UNAVAILABLE: io exception", error.body().message());
    }

    @Test
    void unavailableRaisedByTheClientSaysTheServiceWasNotReached() {
        HttpError error = DownstreamErrors.toHttpError("dtm", Status.UNAVAILABLE
                .withDescription("no answer from http://127.0.0.1:36789: Connection refused")
                .withCause(new ConnectException("Connection refused")));

        assertEquals("dtm could not be reached: no answer from http://127.0.0.1:36789: Connection refused",
                error.body().message());
    }

    @Test
    void deadlineExceededIsUnavailable() {
        HttpError error = DownstreamErrors.toHttpError("shop-service",
                Status.DEADLINE_EXCEEDED.withDescription("no answer within 60s"));

        assertEquals(503, error.httpStatus());
        assertEquals("shop-service did not answer in time: no answer within 60s", error.body().message());
    }

    @Test
    void noInstanceInConsulIsUnavailable() {
        // what the Stork channel reports when Consul lists no passing instance
        Status status = Status.CANCELLED.withDescription("Failed to create new Stork ClientCall")
                .withCause(new NoServiceInstanceFoundException("No service instance found for service 'shop-service'"));

        HttpError error = DownstreamErrors.toHttpError("shop-service", status);

        assertEquals(503, error.httpStatus());
        assertEquals("no healthy instance of shop-service found in Consul (or Consul unreachable)", error.body().message());
    }

    @Test
    void consulUnreachableIsUnavailable() {
        Status status = Status.CANCELLED.withDescription("Failed to create new Stork ClientCall")
                .withCause(new ConnectException("Connection refused: localhost/127.0.0.1:8500"));

        HttpError error = DownstreamErrors.toHttpError("payment-service", status);

        assertEquals(503, error.httpStatus());
        assertEquals("payment-service could not be reached: Connection refused: localhost/127.0.0.1:8500",
                error.body().message());
    }

    @Test
    void connectionLostDuringTheCallIsUnavailable() {
        // what the Vert.x gRPC client reports when the service is killed while it handles the call
        Status status = Status.fromThrowable(new HttpClosedException("Connection was closed"));

        HttpError error = DownstreamErrors.toHttpError("shop-service", status);

        assertEquals(503, error.httpStatus());
        assertEquals("shop-service went away during the call (Connection was closed); whether it did its work"
                + " is not known here", error.body().message());
    }

    @Test
    void unknownAnsweredByTheServiceIsAnInternalError() {
        HttpError error = DownstreamErrors.toHttpError("order-service", Status.UNKNOWN);

        assertEquals(500, error.httpStatus());
        assertEquals("order-service failed with UNKNOWN", error.body().message());
    }

    @Test
    void anythingElseIsAnInternalError() {
        HttpError error = DownstreamErrors.toHttpError("shop-service", Status.INTERNAL.withDescription("boom"));

        assertEquals(500, error.httpStatus());
        assertEquals(ErrorResponse.ERROR, error.body().status());
        assertEquals("shop-service failed with INTERNAL: boom", error.body().message());
        assertNull(error.body().field());
    }

    @Test
    void anIdempotencyKeyUsedForAnotherRequestIs422() {
        HttpError error = DownstreamErrors.toHttpError("shop-service",
                Status.ALREADY_EXISTS.withDescription("Idempotency-Key k was already used by user 1 for another purchase"));

        assertEquals(422, error.httpStatus());
        assertEquals("Idempotency-Key", error.body().field());
    }

    @Test
    void aPurchaseStartedNothingOnlyWhenTheShopSaidSoOrWasNeverReached() {
        for (Status said : new Status[] {Status.INVALID_ARGUMENT, Status.NOT_FOUND, Status.ALREADY_EXISTS,
                Status.UNAVAILABLE.withDescription("DTM cannot be reached, nothing was started")}) {
            assertEquals(true, DownstreamErrors.nothingStarted(said), said.toString());
        }
        assertEquals(true, DownstreamErrors.nothingStarted(Status.CANCELLED.withCause(
                new NoServiceInstanceFoundException("no instance of shop-service"))));
        assertEquals(true, DownstreamErrors.nothingStarted(Status.UNAVAILABLE.withCause(
                new RuntimeException("connect failed", new ConnectException("Connection refused")))));

        // shop-service went away during the call, did not answer in time, or failed: it may have started
        assertEquals(false, DownstreamErrors.nothingStarted(Status.UNKNOWN.withCause(new HttpClosedException("Stream was closed"))));
        assertEquals(false, DownstreamErrors.nothingStarted(Status.DEADLINE_EXCEEDED.withDescription("no answer within 90s")));
        assertEquals(false, DownstreamErrors.nothingStarted(Status.INTERNAL.withDescription("NullPointerException")));
        assertEquals(false, DownstreamErrors.nothingStarted(Status.UNAVAILABLE.withCause(
                new java.io.IOException("Connection reset by peer"))));
    }
}
