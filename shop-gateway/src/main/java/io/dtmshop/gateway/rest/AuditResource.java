package io.dtmshop.gateway.rest;

import io.dtmshop.gateway.audit.ShopAudit;
import io.dtmshop.gateway.model.AuditReport;
import io.dtmshop.gateway.model.ErrorResponse;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * GET /shop/audit: are the three services' data and DTM consistent with each other? Ids are taken
 * as strings and validated here, as in {@link ReadResource}.
 */
@Path("/shop/audit")
@Tag(name = "Reads")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    @Inject
    ShopAudit audit;

    @GET
    @Operation(summary = "The consistency audit",
            description = "For each product: initial stock = quantity + units of the orders that took stock, and"
                    + " locked = units of PENDING orders. For each user: initial balance = balance + PAID payments,"
                    + " frozen = FROZEN payments, and the paid orders and PAID payments pair up. At rest nothing is"
                    + " locked or frozen and nothing PENDING, and DTM has no unfinished transaction. The sums hold"
                    + " at rest; a purchase in flight shows as inconsistent until DTM finished it.")
    @APIResponse(responseCode = "200", description = "The checks; consistent when every one holds",
            content = @Content(schema = @Schema(implementation = AuditReport.class)))
    @APIResponse(responseCode = "400", description = "Malformed id",
            content = @Content(schema = @Schema(implementation = ErrorResponse.Rejected.class)))
    @APIResponse(responseCode = "503", description = "A service or DTM could not be reached",
            content = @Content(schema = @Schema(implementation = ErrorResponse.Unavailable.class)))
    public AuditReport audit(
            @Parameter(description = "Check only these products (and the users named); none: everything")
            @QueryParam("productId") List<@Pattern(regexp = ReadResource.ID, message = ReadResource.ID_MESSAGE) String> productIds,
            @Parameter(description = "Check only these users (and the products named); none: everything")
            @QueryParam("userId") List<@Pattern(regexp = ReadResource.ID, message = ReadResource.ID_MESSAGE) String> userIds) {
        return audit.run(ids(productIds), ids(userIds));
    }

    private static List<Long> ids(List<String> ids) {
        return ids == null ? List.of() : ids.stream().map(Long::parseLong).toList();
    }
}
