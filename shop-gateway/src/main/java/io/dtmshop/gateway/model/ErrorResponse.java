package io.dtmshop.gateway.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;

/**
 * The body of every error answer (4xx but 409, which is a {@link PurchaseResponse}; 500, 503), so
 * that clients read failures one way. Its {@code status} follows from the HTTP status
 * ({@link #statusFor}); the nested types name the body of each kind in the OpenAPI document, with
 * the status as example (see PurchaseResponse).
 */
@Schema(description = "An error: the request was not carried out")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorResponse(
        @Schema(required = true,
                description = "not_found (404), rejected (any other 4xx), unavailable (503) or error (500)",
                enumeration = {"rejected", "not_found", "unavailable", "error"}) String status,
        @Schema(required = true, description = "What went wrong, for people") String message,
        @Schema(description = "The request field at fault, when there is one; absent otherwise") String field) {

    public static final String REJECTED = "rejected";
    public static final String NOT_FOUND = "not_found";
    public static final String UNAVAILABLE = "unavailable";
    public static final String ERROR = "error";

    public static ErrorResponse rejected(String field, String message) {
        return new ErrorResponse(REJECTED, message, field);
    }

    /** The status an error answered with this HTTP status carries. */
    public static String statusFor(int httpStatus) {
        return switch (httpStatus) {
            case 404 -> NOT_FOUND;
            case 503 -> UNAVAILABLE;
            default -> httpStatus < 500 ? REJECTED : ERROR;
        };
    }

    /** OpenAPI only: the body of a 4xx but 404 (and 409). */
    @Schema(name = "ErrorRejected", allOf = ErrorResponse.class,
            properties = @SchemaProperty(name = "status", enumeration = REJECTED, examples = REJECTED))
    public interface Rejected {
    }

    /** OpenAPI only: the body of a 404. */
    @Schema(name = "ErrorNotFound", allOf = ErrorResponse.class,
            properties = @SchemaProperty(name = "status", enumeration = NOT_FOUND, examples = NOT_FOUND))
    public interface NotFound {
    }

    /** OpenAPI only: the body of a 503. */
    @Schema(name = "ErrorUnavailable", allOf = ErrorResponse.class,
            properties = @SchemaProperty(name = "status", enumeration = UNAVAILABLE, examples = UNAVAILABLE))
    public interface Unavailable {
    }

    /** OpenAPI only: the body of a 500. */
    @Schema(name = "ErrorUnexpected", allOf = ErrorResponse.class,
            properties = @SchemaProperty(name = "status", enumeration = ERROR, examples = ERROR))
    public interface Unexpected {
    }
}
