package io.dtmshop.gateway.model;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A user's account, in cents")
public record AccountView(
        long userId,
        long balanceCents,
        @Schema(description = "Amount held by TCC tries not yet confirmed or cancelled") long frozenCents) {
}
