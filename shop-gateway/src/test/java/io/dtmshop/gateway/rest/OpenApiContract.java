package io.dtmshop.gateway.rest;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import io.restassured.RestAssured;

/**
 * The running gateway's own OpenAPI document (/q/openapi), for tests that check answers against it
 * with swagger-request-validator, as integration-tests' Shop.given() does for every request.
 */
final class OpenApiContract {

    private OpenApiContract() {
    }

    /** The document as JSON. */
    static String document() {
        return RestAssured.given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
    }

    /**
     * A validator of requests and answers against the document. Combinators resolved: the purchase
     * answers are allOf(PurchaseResponse, a status), and the validator, which refuses properties a
     * schema does not declare, would otherwise refuse those the allOf's first part declares.
     */
    static OpenApiInteractionValidator.Builder validator() {
        return OpenApiInteractionValidator.createForInlineApiSpecification(document()).withResolveCombinators(true);
    }

    /**
     * For requests that break the contract on purpose (a key given twice, a body too large): the
     * request is not checked, the answer is, against the operation the request was sent to. That
     * operation must exist, or no answer would be checked: an unknown path or method stays an error.
     */
    static OpenApiValidationFilter answersOnly() {
        return new OpenApiValidationFilter(validator()
                .withLevelResolver(LevelResolver.create()
                        .withLevel("validation.request", ValidationReport.Level.IGNORE)
                        .withLevel("validation.request.path.missing", ValidationReport.Level.ERROR)
                        .withLevel("validation.request.operation.notAllowed", ValidationReport.Level.ERROR)
                        .build())
                .build());
    }
}
