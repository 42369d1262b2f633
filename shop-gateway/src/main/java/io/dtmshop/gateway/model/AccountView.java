package io.dtmshop.gateway.model;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A user's account, in cents")
public record AccountView(
        @Schema(required = true) long userId,
        @Schema(required = true) long balanceCents,
        @Schema(required = true, description = "Amount held by TCC tries not yet confirmed or cancelled") long frozenCents) {
}
