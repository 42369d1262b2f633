package io.dtmshop.gateway.model;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The outcome of a purchase, as shop-service reported it. */
@Schema(description = "Outcome of a purchase")
public record PurchaseResponse(
        @Schema(description = "DTM global transaction id") String gid,
        @Schema(description = "DTM mode that ran the purchase", examples = "saga") String mode,
        @Schema(description = "succeed, failed (rolled back) or submitted (DTM is still working on it)",
                enumeration = {"succeed", "failed", "submitted"}) String status,
        @Schema(description = "Order number; equals gid") String orderNo,
        @Schema(description = "Why it failed, or what DTM is still doing") String message) {
}
