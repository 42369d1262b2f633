package io.dtmshop.gateway.rest;

import io.dtmshop.gateway.client.DownstreamException;
import io.dtmshop.gateway.client.PurchaseMode;
import io.dtmshop.gateway.client.ShopClient;
import io.dtmshop.gateway.mapping.DownstreamErrors;
import io.dtmshop.gateway.mapping.IdempotencyKey;
import io.dtmshop.gateway.mapping.PurchaseGids;
import io.dtmshop.gateway.mapping.PurchaseOutcome;
import io.dtmshop.gateway.mapping.ViewMapper;
import io.dtmshop.gateway.model.ErrorResponse;
import io.dtmshop.gateway.model.PurchaseRequest;
import io.dtmshop.gateway.model.PurchaseResponse;
import io.dtmshop.proto.shop.v1.PurchaseReply;
import io.opentelemetry.api.trace.Span;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.InternalServerErrorException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Purchases: deduct stock, create the order, pay, as one DTM distributed transaction.
 * One method per DTM mode, all answered the same way (see {@link PurchaseOutcome}).
 */
@Path("/shop")
@Tag(name = "Purchases", description = "Buy a product under one of DTM's transaction modes")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
// The answers every purchase endpoint shares (the document's one place for them); the errors any
// request can meet (406, 413, 415, ...) are added to every operation by ProtocolErrorResponses.
@APIResponses({
        @APIResponse(responseCode = "200", description = "Purchased: stock deducted, order created, paid",
                headers = @Header(ref = PurchaseResource.REPLAYED_HEADER),
                content = @Content(schema = @Schema(implementation = PurchaseResponse.Succeeded.class))),
        @APIResponse(responseCode = "202", description = "The outcome is not known yet: DTM holds (or may hold) the "
                + "transaction and finishes or compensates it - follow it at GET /shop/transactions/{gid}",
                headers = @Header(ref = PurchaseResource.REPLAYED_HEADER),
                content = @Content(schema = @Schema(implementation = PurchaseResponse.Submitted.class))),
        @APIResponse(responseCode = "409", description = "Rolled back: not enough stock or money (see message)",
                headers = @Header(ref = PurchaseResource.REPLAYED_HEADER),
                content = @Content(schema = @Schema(implementation = PurchaseResponse.Failed.class))),
        @APIResponse(responseCode = "400", description = "Invalid request or Idempotency-Key; field names the culprit",
                content = @Content(schema = @Schema(implementation = ErrorResponse.Rejected.class))),
        @APIResponse(responseCode = "404", description = "Unknown product or user; nothing was started",
                content = @Content(schema = @Schema(implementation = ErrorResponse.NotFound.class))),
        @APIResponse(responseCode = "422", description = "The Idempotency-Key was used before for another request; "
                + "nothing changed",
                content = @Content(schema = @Schema(implementation = ErrorResponse.Rejected.class))),
        @APIResponse(responseCode = "503", description = "Rolled back because a service could not be reached (a "
                + "purchase with its gid, status failed, nothing left), or shop-service, DTM or a service cannot be "
                + "reached and nothing was started (an error without gid); either way safe to try again",
                headers = @Header(ref = PurchaseResource.REPLAYED_HEADER),
                content = @Content(schema = @Schema(oneOf = {PurchaseResponse.Failed.class, ErrorResponse.Unavailable.class}))),
        @APIResponse(responseCode = "500", description = "shop-service failed, or answered in a way the gateway does not know",
                content = @Content(schema = @Schema(implementation = ErrorResponse.Unexpected.class)))
})public class PurchaseResource {

    private static final Logger LOG = Logger.getLogger(PurchaseResource.class);
    /** The trace attribute every part of the shop puts the gid in (dtm-client's BranchContext.GID_ATTRIBUTE). */
    static final String GID_ATTRIBUTE = "dtm.gid";

    /** On the answer to a repeated request with an Idempotency-Key: this request changed nothing. */
    static final String REPLAYED_HEADER = "Idempotent-Replayed";

    @Inject
    ShopClient shop;
    @Context
    HttpHeaders headers;

    @POST
    @Path("/saga")
    @Parameter(ref = IdempotencyKey.HEADER)
    @Operation(summary = "Purchase as a SAGA",
            description = "Each step commits at once; a failed step makes DTM run the compensations of the earlier ones.")
    public Response saga(@Valid @NotNull(message = "is required") PurchaseRequest body) {
        return purchase(PurchaseMode.SAGA, body);
    }

    @POST
    @Path("/2pm")
    @Parameter(ref = IdempotencyKey.HEADER)
    @Operation(summary = "Purchase as a two-phase message",
            description = "Stock is deducted as the message's local step; DTM then delivers the remaining steps until they succeed.")
    public Response twoPhaseMessage(@Valid @NotNull(message = "is required") PurchaseRequest body) {
        return purchase(PurchaseMode.MSG, body);
    }

    @POST
    @Path("/tcc")
    @Parameter(ref = IdempotencyKey.HEADER)
    @Operation(summary = "Purchase as a TCC",
            description = "Each service reserves (Try); DTM then confirms all reservations, or cancels them if one Try failed.")
    public Response tcc(@Valid @NotNull(message = "is required") PurchaseRequest body) {
        return purchase(PurchaseMode.TCC, body);
    }

    @POST
    @Path("/xa")
    @Parameter(ref = IdempotencyKey.HEADER)
    @Operation(summary = "Purchase as an XA transaction",
            description = "Each service prepares its writes in a database XA transaction; DTM then commits all, or rolls all back.")
    public Response xa(@Valid @NotNull(message = "is required") PurchaseRequest body) {
        return purchase(PurchaseMode.XA, body);
    }

    @POST
    @Path("/workflow/saga")
    @Parameter(ref = IdempotencyKey.HEADER)
    @Operation(summary = "Purchase as a DTM workflow in saga style",
            description = "The shop calls each step itself and records it with DTM; a failed step makes it run the "
                    + "compensations of the earlier ones. DTM resumes the workflow if the shop dies half-way.")
    public Response workflowSaga(@Valid @NotNull(message = "is required") PurchaseRequest body) {
        return purchase(PurchaseMode.WORKFLOW_SAGA, body);
    }

    @POST
    @Path("/workflow/tcc")
    @Parameter(ref = IdempotencyKey.HEADER)
    @Operation(summary = "Purchase as a DTM workflow in TCC style",
            description = "The three Try calls as workflow branches; Confirm on commit, Cancel on rollback.")
    public Response workflowTcc(@Valid @NotNull(message = "is required") PurchaseRequest body) {
        return purchase(PurchaseMode.WORKFLOW_TCC, body);
    }

    @POST
    @Path("/workflow/xa")
    @Parameter(ref = IdempotencyKey.HEADER)
    @Operation(summary = "Purchase as a DTM workflow of XA branches",
            description = "Each service prepares its writes as an XA branch; the workflow commits or rolls them back in phase two.")
    public Response workflowXa(@Valid @NotNull(message = "is required") PurchaseRequest body) {
        return purchase(PurchaseMode.WORKFLOW_XA, body);
    }

    @POST
    @Path("/workflow/mixed")
    @Parameter(ref = IdempotencyKey.HEADER)
    @Operation(summary = "Purchase as a DTM workflow mixing modes",
            description = "Stock as a saga branch, the order as an XA branch, payment as a TCC branch.")
    public Response workflowMixed(@Valid @NotNull(message = "is required") PurchaseRequest body) {
        return purchase(PurchaseMode.WORKFLOW_MIXED, body);
    }

    /**
     * Makes the gid (see {@link PurchaseGids}), then runs the purchase in shop-service. When
     * shop-service does not answer with an outcome, the gid is still the buyer's handle: unless the
     * failure proves that nothing started ({@link DownstreamErrors#nothingStarted}), the answer is
     * 202 with the gid, and {@code GET /shop/transactions/{gid}} tells later how it ended.
     */
    private Response purchase(PurchaseMode mode, PurchaseRequest body) {
        String key = IdempotencyKey.of(headers.getRequestHeader(IdempotencyKey.HEADER));
        String gid = key == null ? PurchaseGids.random() : PurchaseGids.fromKey(body.userId(), key);
        PurchaseReply reply;
        try {
            reply = shop.purchase(mode, ViewMapper.toGrpc(body, gid, key));
        } catch (DownstreamException e) {
            if (DownstreamErrors.nothingStarted(e.status())) {
                throw e;
            }
            LOG.warnf("gid=%s %s: no outcome from %s (%s); the purchase may have started", gid, mode.wireName(),
                    e.service(), e.getMessage());
            reply = PurchaseReply.newBuilder().setGid(gid).setOrderNo(gid).setMode(mode.wireName())
                    .setStatus(PurchaseOutcome.SUBMITTED.wireName())
                    .setMessage("no outcome from " + e.service() + " (" + DownstreamErrors.describe(e.status())
                            + "); the purchase may have started: follow it at GET /shop/transactions/" + gid
                            + (key == null ? "" : ", or send it again with the same Idempotency-Key"))
                    .build();
        }
        return answer(reply);
    }

    /** The HTTP answer to a purchase reply; also the baselines' ({@link BaselineResource}). */
    static Response answer(PurchaseReply reply) {
        // The gid is known only now: tag this request's span and log the answer under it, so the
        // gateway's part of the purchase is found by gid in the tracing UI and in the logs.
        Span.current().setAttribute(GID_ATTRIBUTE, reply.getGid());
        MDC.put("gid", reply.getGid());
        try {
            LOG.infof("gid=%s %s purchase answered %s: %s", reply.getGid(), reply.getMode(), reply.getStatus(),
                    reply.getMessage());
        } finally {
            MDC.remove("gid");
        }
        PurchaseOutcome outcome = PurchaseOutcome.of(reply.getStatus())
                .orElseThrow(() -> new InternalServerErrorException(
                        "shop-service answered with an unknown status '" + reply.getStatus() + "' for " + reply.getGid()));
        Response.ResponseBuilder response = Response.status(outcome.httpStatus(reply)).entity(ViewMapper.toResponse(reply));
        if (reply.getReplayed()) {
            response.header(REPLAYED_HEADER, "true");
        }
        return response.build();
    }
}
