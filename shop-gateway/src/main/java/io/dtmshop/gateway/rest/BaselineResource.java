package io.dtmshop.gateway.rest;

import io.dtmshop.gateway.client.ShopClient;
import io.dtmshop.gateway.mapping.ViewMapper;
import io.dtmshop.gateway.model.ErrorResponse;
import io.dtmshop.gateway.model.PurchaseRequest;
import io.dtmshop.gateway.model.PurchaseResponse;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The two benchmark yardsticks (scripts/bench.sh): the same purchase without DTM, through the same
 * gateway and shop-service as the modes, so a mode's figures compared with these show what DTM
 * and its barrier cost. Same body and status codes as a purchase; no gid in the answer.
 */
@Path("/shop/baseline")
@Tag(name = "Benchmark baselines", description = "The purchase without DTM, to measure what each mode costs")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@APIResponses({
        @APIResponse(responseCode = "200", description = "Purchased: stock deducted, order created, paid",
                content = @Content(schema = @Schema(implementation = PurchaseResponse.Succeeded.class))),
        @APIResponse(responseCode = "409", description = "Refused: not enough stock or money (see message)",
                content = @Content(schema = @Schema(implementation = PurchaseResponse.Failed.class))),
        @APIResponse(responseCode = "400", description = "Invalid request; field names the culprit",
                content = @Content(schema = @Schema(implementation = ErrorResponse.Rejected.class))),
        @APIResponse(responseCode = "404", description = "Unknown product or user; nothing was written",
                content = @Content(schema = @Schema(implementation = ErrorResponse.NotFound.class))),
        @APIResponse(responseCode = "403", description = "The baselines are off (dtmshop.baseline.enabled=false, the "
                + "default): they move stock and money without DTM",
                content = @Content(schema = @Schema(implementation = ErrorResponse.Rejected.class))),
        @APIResponse(responseCode = "503", description = "A service or the database could not be reached",
                content = @Content(schema = @Schema(implementation = ErrorResponse.Unavailable.class)))
})
public class BaselineResource {

    @Inject
    ShopClient shop;

    @POST
    @Path("/direct")
    @Operation(summary = "Baseline: three plain gRPC calls, no DTM - NOT consistent",
            description = "Stock, order, payment called one after the other without DTM or barrier, stopping at the "
                    + "first refusal with no compensation: a refused payment leaves the stock deducted and the order "
                    + "CREATED (409, the message says what was left).")
    public Response direct(@Valid @NotNull(message = "is required") PurchaseRequest body) {
        return PurchaseResource.answer(shop.purchaseDirect(ViewMapper.toGrpc(body)));
    }

    @POST
    @Path("/local")
    @Operation(summary = "Baseline: the same rows in one local database transaction",
            description = "What a monolith on one database would do: all or nothing, without DTM.")
    public Response local(@Valid @NotNull(message = "is required") PurchaseRequest body) {
        return PurchaseResource.answer(shop.purchaseLocal(ViewMapper.toGrpc(body)));
    }
}
