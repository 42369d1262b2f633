package io.dtmshop.gateway.mapping;

import io.dtmshop.gateway.model.ErrorResponse;
import io.grpc.Status;
import io.smallrye.stork.api.NoServiceInstanceFoundException;

/**
 * Turns the failure of a call to a service behind the gateway into an HTTP answer.
 * <ul>
 *   <li>INVALID_ARGUMENT: 400, the service refused the input</li>
 *   <li>NOT_FOUND: 404, unknown product, user or order</li>
 *   <li>UNAVAILABLE, DEADLINE_EXCEEDED, and a call cancelled before it reached a server: 503, naming
 *   the service, or passing on what the service said was missing behind it (DTM, another service)</li>
 *   <li>UNKNOWN raised on this side of the wire (it carries the transport's exception as its cause):
 *   the connection broke during the call, e.g. the service was killed while it worked on it. 503,
 *   saying that what the call did is not known here</li>
 *   <li>anything else, including UNKNOWN answered by the service itself: 500</li>
 * </ul>
 */
public final class DownstreamErrors {

    private DownstreamErrors() {
    }

    public static HttpError toHttpError(String service, Status status) {
        String detail = status.getDescription() == null ? "" : ": " + status.getDescription();
        return switch (status.getCode()) {
            case INVALID_ARGUMENT -> new HttpError(400, ErrorResponse.rejected(null, service + " refused the request" + detail));
            // a benchmark baseline while the baselines are off (dtmshop.baseline.enabled)
            case PERMISSION_DENIED -> new HttpError(403, ErrorResponse.rejected(null, descriptionOf(status)));
            // shop-service: an Idempotency-Key used before for another request
            case ALREADY_EXISTS -> new HttpError(422, ErrorResponse.rejected(IdempotencyKey.HEADER, descriptionOf(status)));
            case NOT_FOUND -> new HttpError(404, new ErrorResponse(ErrorResponse.NOT_FOUND, descriptionOf(status), null));
            // Sent by the service itself (a description, no cause): something behind it is missing,
            // and the service says what. Raised by the client: the service itself was not reached.
            case UNAVAILABLE -> unavailable(status.getCause() == null && status.getDescription() != null
                    ? service + " answered: " + status.getDescription()
                    : service + " could not be reached" + detail);
            case DEADLINE_EXCEEDED -> unavailable(service + " did not answer in time" + detail);
            // The Stork channel cancels a call it could not hand to any instance.
            case CANCELLED -> unavailable(notPicked(service, status));
            // A status the service sent never has a cause; the Vert.x gRPC client turns a connection
            // that closed under a call into UNKNOWN with the closing exception as its cause.
            case UNKNOWN -> status.getCause() != null
                    ? unavailable(service + " went away during the call (" + reason(status.getCause())
                            + "); whether it did its work is not known here")
                    : internal(service, status, detail);
            default -> internal(service, status, detail);
        };
    }

    /**
     * True when a purchase that failed with {@code status} certainly started nothing: shop-service
     * said so (a status it sent: INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS, UNAVAILABLE - see
     * shop.proto), or the call never reached it (no instance in Consul, connection refused). Any
     * other failure - shop-service went away during the call, did not answer in time, failed
     * unexpectedly - may have left a transaction at DTM.
     */
    public static boolean nothingStarted(Status status) {
        if (notReached(status)) {
            return true;
        }
        if (status.getCause() == null) {
            return switch (status.getCode()) {
                case INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS, PERMISSION_DENIED, UNAVAILABLE -> true;
                default -> false;
            };
        }
        for (Throwable cause = status.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof NoServiceInstanceFoundException) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the call certainly never reached the service: the connection to the instance was
     * refused (a {@link java.net.ConnectException} in the cause chain), or the Vert.x client could not
     * open the request at all - it then closes the call with a bare UNAVAILABLE, no description, no
     * cause (vertx-grpc-client 4.5, {@code VertxClientCall.start}); a service's own UNAVAILABLE
     * always says what is missing.
     */
    public static boolean notReached(Status status) {
        if (status.getCode() == Status.Code.UNAVAILABLE && status.getDescription() == null
                && status.getCause() == null) {
            return true;
        }
        for (Throwable cause = status.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }

    /** "CODE description", for messages. */
    public static String describe(Status status) {
        String detail = status.getDescription() != null ? status.getDescription()
                : status.getCause() != null ? reason(status.getCause()) : null;
        return status.getCode() + (detail == null ? "" : " " + detail);
    }

    private static HttpError internal(String service, Status status, String detail) {
        return new HttpError(500, new ErrorResponse(ErrorResponse.ERROR,
                service + " failed with " + status.getCode() + detail, null));
    }

    private static String reason(Throwable cause) {
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }

    private static String descriptionOf(Status status) {
        return status.getDescription() == null ? status.getCode().name() : status.getDescription();
    }

    private static String notPicked(String service, Status status) {
        for (Throwable cause = status.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof NoServiceInstanceFoundException) {
                // Stork reports an unreachable Consul as an empty list too, so both are named
                return "no healthy instance of " + service + " found in Consul (or Consul unreachable)";
            }
        }
        Throwable cause = status.getCause();
        String reason = cause != null && cause.getMessage() != null ? cause.getMessage() : descriptionOf(status);
        return service + " could not be reached: " + reason;
    }

    private static HttpError unavailable(String message) {
        return new HttpError(503, new ErrorResponse(ErrorResponse.UNAVAILABLE, message, null));
    }
}
