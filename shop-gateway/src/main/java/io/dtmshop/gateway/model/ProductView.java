package io.dtmshop.gateway.model;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A product and its stock")
public record ProductView(
        @Schema(required = true) long id,
        @Schema(required = true) String name,
        @Schema(required = true) long priceCents,
        @Schema(required = true, description = "Units in stock") int quantity,
        @Schema(required = true, description = "Units reserved by TCC tries not yet confirmed or cancelled") int locked) {
}
