package io.dtmshop.gateway.model;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A product and its stock")
public record ProductView(
        long id,
        String name,
        long priceCents,
        @Schema(description = "Units in stock") int quantity,
        @Schema(description = "Units reserved by TCC tries not yet confirmed or cancelled") int locked) {
}
