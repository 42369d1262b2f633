package io.dtmshop.gateway.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of every error answer (400, 404, 409 is a {@link PurchaseResponse}, 500, 503), so that
 * clients read failures one way.
 */
@Schema(description = "An error: the request was not carried out")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorResponse(
        @Schema(description = "rejected (400), not_found (404), unavailable (503) or error (500)",
                enumeration = {"rejected", "not_found", "unavailable", "error"}) String status,
        @Schema(description = "What went wrong, for people") String message,
        @Schema(description = "The request field at fault, when there is one") String field) {

    public static final String REJECTED = "rejected";
    public static final String NOT_FOUND = "not_found";
    public static final String UNAVAILABLE = "unavailable";
    public static final String ERROR = "error";

    public static ErrorResponse rejected(String field, String message) {
        return new ErrorResponse(REJECTED, message, field);
    }
}
