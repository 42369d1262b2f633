package io.dtmshop.gateway.rest;

import io.dtmshop.gateway.model.ErrorResponse;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Adds to every operation of the OpenAPI document the error answers any request can get whatever
 * the operation does (the request's form, not its content), each with its {@code ErrorResponse}
 * body; the resources document only their own answers. Runs when the document is built.
 * <p>
 * Not here: 405, which is no operation's answer (the method is not one of the path's operations),
 * and the bare answers Vert.x gives before the gateway sees the request (see {@link RequestLimits}).
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ProtocolErrorResponses implements OASFilter {

    @Override
    public Operation filterOperation(Operation operation) {
        APIResponses responses = operation.getResponses();
        add(responses, "406", "The Accept header excludes application/json, the only type the gateway answers");
        add(responses, "414", "The URI is longer than the gateway takes (dtmshop.gateway.max-uri-length)");
        if (operation.getRequestBody() != null) {
            add(responses, "413", "The body is larger than the gateway takes (quarkus.http.limits.max-body-size)");
            add(responses, "415", "The body is not application/json");
            add(responses, "417", "An Expect header other than 100-continue");
        }
        add(responses, "500", "An unexpected failure; message says what it was");
        return operation;
    }

    /** Unless the operation documents that status itself. */
    private static void add(APIResponses responses, String status, String description) {
        if (!responses.hasAPIResponse(status)) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse()
                    .description(description)
                    .content(OASFactory.createContent().addMediaType("application/json",
                            OASFactory.createMediaType().schema(OASFactory.createSchema().ref(schemaFor(status))))));
        }
    }

    /** The ErrorResponse variant (model/ErrorResponse's nested types) the status carries. */
    private static String schemaFor(String status) {
        return switch (ErrorResponse.statusFor(Integer.parseInt(status))) {
            case ErrorResponse.REJECTED -> "ErrorRejected";
            case ErrorResponse.NOT_FOUND -> "ErrorNotFound";
            case ErrorResponse.UNAVAILABLE -> "ErrorUnavailable";
            default -> "ErrorUnexpected";
        };
    }
}
