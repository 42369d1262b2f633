package io.dtmshop.gateway.model;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "An order placed by a purchase")
public record OrderView(
        @Schema(description = "Order number; the gid of the purchase that placed it") String orderNo,
        long userId,
        long productId,
        int quantity,
        long amountCents,
        @Schema(enumeration = {"CREATED", "UNPAID", "PENDING", "CONFIRMED", "CANCELLED"}) String status,
        @Schema(description = "ISO-8601") String createdAt) {
}
