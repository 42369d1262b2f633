package io.dtmshop.gateway.model;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of every {@code POST /shop/...} purchase.
 * <p>
 * Boxed types, so that a missing field arrives as {@code null} and fails {@link NotNull} instead of
 * silently becoming 0. Messages are completed with the field name by the error mapper
 * ("quantity must be between 1 and 1000").
 */
@Schema(description = "What to buy, and who buys it; no other fields", additionalProperties = Schema.False.class)
public record PurchaseRequest(
        @Schema(examples = "1", minimum = "1")
        @NotNull(message = "is required") @Positive(message = "must be a positive id")
        Long userId,

        @Schema(examples = "1", minimum = "1")
        @NotNull(message = "is required") @Positive(message = "must be a positive id")
        Long productId,

        @Schema(examples = "2", minimum = "1", maximum = "1000")
        @NotNull(message = "is required")
        @Min(value = 1, message = "must be between 1 and 1000")
        @Max(value = 1000, message = "must be between 1 and 1000")
        Integer quantity) {
}
