package io.dtmshop.gateway.model;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "An order placed by a purchase")
public record OrderView(
        @Schema(required = true, description = "Order number; the gid of the purchase that placed it") String orderNo,
        @Schema(required = true) long userId,
        @Schema(required = true) long productId,
        @Schema(required = true) int quantity,
        @Schema(required = true) long amountCents,
        @Schema(required = true, enumeration = {"CREATED", "UNPAID", "PENDING", "CONFIRMED", "CANCELLED"}) String status,
        @Schema(required = true, description = "ISO-8601") String createdAt) {
}
