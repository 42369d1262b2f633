package io.dtmshop.gateway.rest;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtmshop.gateway.client.DtmHttpApi;
import io.dtmshop.gateway.mapping.PurchaseOutcome;
import io.dtmshop.gateway.mapping.ViewMapper;
import io.dtmshop.gateway.model.ErrorResponse;
import io.dtmshop.gateway.model.PurchaseResponse;
import io.quarkus.test.junit.QuarkusTest;
import io.swagger.v3.parser.OpenAPIV3Parser;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenAPI document (/q/openapi) is true of the answers: what the gateway writes validates
 * against the schema the document gives for it, and what it refuses does not.
 */
@QuarkusTest
class OpenApiDocumentTest {

    private static final List<String> PURCHASE_STATUSES = List.of("succeed", "failed", "submitted");
    private static final List<String> ERROR_STATUSES = List.of(
            ErrorResponse.REJECTED, ErrorResponse.NOT_FOUND, ErrorResponse.UNAVAILABLE, ErrorResponse.ERROR);

    @Inject
    ObjectMapper json;

    /** swagger-request-validator (the contract tests) reads OpenAPI 3.0 documents; swagger-parser without complaint. */
    @Test
    void isOpenApi303() throws Exception {
        String document = OpenApiContract.document();
        assertEquals("3.0.3", json.readTree(document).get("openapi").asText());
        assertEquals(List.of(), new OpenAPIV3Parser().readContents(document).getMessages());
    }

    /**
     * A JSON Schema pattern matches anywhere in the value, so an unanchored "[1-9][0-9]{0,17}"
     * accepted "x1", which the gateway refuses.
     */
    @Test
    void everyPatternIsAnchored() throws Exception {
        List<String> patterns = new ArrayList<>();
        collectPatterns(json.readTree(OpenApiContract.document()), patterns);
        assertFalse(patterns.isEmpty());
        for (String pattern : patterns) {
            assertTrue(pattern.startsWith("^") && pattern.endsWith("$"), "unanchored pattern " + pattern);
        }
    }

    private static void collectPatterns(JsonNode node, List<String> patterns) {
        node.fields().forEachRemaining(field -> {
            if (field.getKey().equals("pattern") && field.getValue().isTextual()) {
                patterns.add(field.getValue().asText());
            }
        });
        node.elements().forEachRemaining(child -> collectPatterns(child, patterns));
    }

    /**
     * Each answer's schema admits exactly the status the gateway writes with that HTTP status: a
     * purchase's 202 says "submitted" and 409 "failed" (PurchaseOutcome), a 404 "not_found" and a 503
     * "unavailable" (ErrorResponse.statusFor). The document had one schema for all of them, and
     * Swagger UI showed "succeed" as the example of a 202 and a 409.
     */
    @Test
    void everyAnswerAdmitsOnlyTheStatusItsHttpStatusCarries() throws Exception {
        OpenApiInteractionValidator validator = OpenApiContract.validator().build();
        JsonNode paths = json.readTree(OpenApiContract.document()).get("paths");
        int purchases = 0;
        int errors = 0;
        for (Map.Entry<String, JsonNode> path : (Iterable<Map.Entry<String, JsonNode>>) paths::fields) {
            for (Map.Entry<String, JsonNode> operation : (Iterable<Map.Entry<String, JsonNode>>) path.getValue()::fields) {
                Request.Method method = Request.Method.valueOf(operation.getKey().toUpperCase());
                for (String code : (Iterable<String>) operation.getValue().get("responses")::fieldNames) {
                    int httpStatus = Integer.parseInt(code);
                    if (method == Request.Method.POST && (httpStatus < 400 || httpStatus == 409)) {
                        for (String status : PURCHASE_STATUSES) {
                            assertAdmits(validator, path.getKey(), method, httpStatus,
                                    new PurchaseResponse("g1", "saga", status, "g1", "m"),
                                    PurchaseOutcome.of(status).orElseThrow().httpStatus() == httpStatus);
                            purchases++;
                        }
                    } else if (httpStatus >= 400) {
                        for (String status : ERROR_STATUSES) {
                            assertAdmits(validator, path.getKey(), method, httpStatus, new ErrorResponse(status, "m", null),
                                    ErrorResponse.statusFor(httpStatus).equals(status));
                            errors++;
                        }
                    }
                }
            }
        }
        assertTrue(purchases >= 10 * 2 * PURCHASE_STATUSES.size(), "purchase answers checked: " + purchases);
        assertTrue(errors >= 15 * 5 * ERROR_STATUSES.size(), "error answers checked: " + errors);
    }

    private void assertAdmits(OpenApiInteractionValidator validator, String path, Request.Method method,
                              int httpStatus, Object body, boolean expected) throws Exception {
        ValidationReport report = validator.validateResponse(path, method, SimpleResponse.Builder.status(httpStatus)
                .withContentType("application/json").withBody(json.writeValueAsString(body)).build());
        assertEquals(expected, !report.hasErrors(), method + " " + path + " " + httpStatus + " answering " + body
                + ": " + report.getMessages());
    }

    /** Swagger UI shows an answer's example built from its schema: the status must be the answer's own. */
    @Test
    void eachStatusVariantShowsItsStatusAsExample() throws Exception {
        JsonNode schemas = json.readTree(OpenApiContract.document()).get("components").get("schemas");
        int variants = 0;
        for (JsonNode schema : (Iterable<JsonNode>) schemas::elements) {
            JsonNode status = schema.path("properties").path("status");
            if (schema.has("allOf") && status.path("enum").size() == 1) {
                assertEquals(status.get("enum").get(0), status.get("example"), schema.toString());
                variants++;
            }
        }
        assertEquals(PURCHASE_STATUSES.size() + ERROR_STATUSES.size(), variants);
    }

    /**
     * DTM leaves empty fields out of its answer (a transaction not rolled back has no
     * rollback_reason, an unfinished one no finish_time, a branch may have no url): the view of such
     * an answer, as the gateway writes it, matches the document's 200 of /shop/transactions/{gid}.
     */
    @Test
    void aTransactionWithTheFieldsDtmLeavesOutMatchesTheDocument() throws Exception {
        DtmHttpApi.QueryResult sparse = new DtmHttpApi.QueryResult(
                new DtmHttpApi.Transaction("g1", "workflow", "submitted", null, null, null),
                List.of(new DtmHttpApi.Branch("01", "action", "prepared", null)));
        String body = json.writeValueAsString(ViewMapper.toView(sparse));

        ValidationReport report = OpenApiContract.validator().build().validateResponse("/shop/transactions/g1",
                Request.Method.GET, SimpleResponse.Builder.ok().withContentType("application/json").withBody(body).build());

        assertFalse(report.hasErrors(), body + ": " + report.getMessages());
    }
}
