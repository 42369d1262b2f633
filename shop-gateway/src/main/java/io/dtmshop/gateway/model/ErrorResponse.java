package io.dtmshop.gateway.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of every error answer (4xx but 409, which is a {@link PurchaseResponse}; 500, 503), so
 * that clients read failures one way.
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
}
