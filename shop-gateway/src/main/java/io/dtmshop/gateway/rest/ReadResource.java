package io.dtmshop.gateway.rest;

import io.dtmshop.gateway.client.DtmClient;
import io.dtmshop.gateway.client.OrderClient;
import io.dtmshop.gateway.client.PaymentClient;
import io.dtmshop.gateway.client.StockClient;
import io.dtmshop.gateway.mapping.ViewMapper;
import io.dtmshop.gateway.model.AccountView;
import io.dtmshop.gateway.model.ErrorResponse;
import io.dtmshop.gateway.model.OrderView;
import io.dtmshop.gateway.model.ProductView;
import io.dtmshop.gateway.model.TransactionView;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Reads of what purchases changed: stock, balances, orders, and DTM's record of the transaction.
 * <p>
 * Path parameters are taken as strings and validated here: a JAX-RS conversion failure of a
 * {@code long} path parameter would answer 404, where a malformed id deserves 400.
 */
@Path("/shop")
@Tag(name = "Reads", description = "The state purchases leave behind")
@Produces(MediaType.APPLICATION_JSON)
@APIResponses({
        @APIResponse(responseCode = "400", description = "Malformed id",
                content = @Content(schema = @Schema(implementation = ErrorResponse.Rejected.class))),
        @APIResponse(responseCode = "404", description = "No such id",
                content = @Content(schema = @Schema(implementation = ErrorResponse.NotFound.class))),
        @APIResponse(responseCode = "503", description = "The service that holds it could not be reached",
                content = @Content(schema = @Schema(implementation = ErrorResponse.Unavailable.class)))
})
public class ReadResource {

    /**
     * A positive id that fits a long. Anchored: Bean Validation matches the whole value anyway, but
     * the OpenAPI document copies the regex, and a JSON Schema pattern matches anywhere in the value.
     */
    static final String ID = "^[1-9][0-9]{0,17}$";
    static final String ID_MESSAGE = "must be a positive integer";
    /** DTM gids (and so order numbers): letters, digits and a few separators. */
    private static final String GID = "^[A-Za-z0-9_.:-]{1,128}$";
    private static final String GID_MESSAGE = "must be 1 to 128 letters, digits or _.:-";

    @Inject
    StockClient stock;
    @Inject
    PaymentClient payment;
    @Inject
    OrderClient orders;
    @Inject
    DtmClient dtm;

    @GET
    @Path("/products/{id}")
    @Operation(summary = "A product, its price and stock")
    @APIResponse(responseCode = "200", description = "The product",
            content = @Content(schema = @Schema(implementation = ProductView.class)))
    public ProductView product(@PathParam("id") @Pattern(regexp = ID, message = ID_MESSAGE) String id) {
        return ViewMapper.toView(stock.getProduct(Long.parseLong(id)));
    }

    @GET
    @Path("/accounts/{userId}")
    @Operation(summary = "A user's balance")
    @APIResponse(responseCode = "200", description = "The account",
            content = @Content(schema = @Schema(implementation = AccountView.class)))
    public AccountView account(@PathParam("userId") @Pattern(regexp = ID, message = ID_MESSAGE) String userId) {
        return ViewMapper.toView(payment.getAccount(Long.parseLong(userId)));
    }

    @GET
    @Path("/orders/{orderNo}")
    @Operation(summary = "An order", description = "The order number is the gid of the purchase that placed it.")
    @APIResponse(responseCode = "200", description = "The order",
            content = @Content(schema = @Schema(implementation = OrderView.class)))
    public OrderView order(@PathParam("orderNo") @Pattern(regexp = GID, message = GID_MESSAGE) String orderNo) {
        return ViewMapper.toView(orders.getOrder(orderNo));
    }

    @GET
    @Path("/transactions/{gid}")
    @Operation(summary = "DTM's record of a purchase's transaction",
            description = "Its status, why it was rolled back, and every branch DTM called.")
    @APIResponse(responseCode = "200", description = "The transaction",
            content = @Content(schema = @Schema(implementation = TransactionView.class)))
    public TransactionView transaction(@PathParam("gid") @Pattern(regexp = GID, message = GID_MESSAGE) String gid) {
        return dtm.query(gid)
                .map(ViewMapper::toView)
                .orElseThrow(() -> new NotFoundException("DTM knows no transaction " + gid));
    }
}
