package io.dtmshop.gateway.model;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;

/**
 * The outcome of a purchase, as shop-service reported it. Its {@code status} alone decides the
 * HTTP status (mapping/PurchaseOutcome); the nested types name the body of each of those answers in
 * the OpenAPI document. Each gives its status as the example too: Swagger UI builds an answer's
 * example from the merged allOf, where the enum of PurchaseResponse comes first ("succeed").
 */
@Schema(description = "Outcome of a purchase")
public record PurchaseResponse(
        @Schema(required = true, description = "DTM global transaction id; empty for the baselines") String gid,
        @Schema(required = true, description = "DTM mode that ran the purchase", examples = "saga") String mode,
        @Schema(required = true, description = "succeed, failed (rolled back) or submitted (DTM is still working on it)",
                enumeration = {"succeed", "failed", "submitted"}) String status,
        @Schema(required = true, description = "Order number; equals gid") String orderNo,
        @Schema(required = true, description = "Why it failed, or what DTM is still doing") String message) {

    /** OpenAPI only: the body of a 200. */
    @Schema(name = "PurchaseSucceeded", description = "Purchased: stock deducted, order created, paid",
            allOf = PurchaseResponse.class, properties = @SchemaProperty(name = "status", enumeration = "succeed", examples = "succeed"))
    public interface Succeeded {
    }

    /** OpenAPI only: the body of a 202. */
    @Schema(name = "PurchaseSubmitted", description = "DTM holds the transaction and is still working on it",
            allOf = PurchaseResponse.class, properties = @SchemaProperty(name = "status", enumeration = "submitted", examples = "submitted"))
    public interface Submitted {
    }

    /** OpenAPI only: the body of a 409. */
    @Schema(name = "PurchaseFailed", description = "Rolled back, or refused: message says why",
            allOf = PurchaseResponse.class, properties = @SchemaProperty(name = "status", enumeration = "failed", examples = "failed"))
    public interface Failed {
    }
}
