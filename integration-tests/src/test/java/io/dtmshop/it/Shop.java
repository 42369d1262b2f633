package io.dtmshop.it;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import com.atlassian.oai.validator.whitelist.ValidationErrorsWhitelist;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.util.List;
import java.util.Map;

import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.messageHasKey;

/**
 * The shop as a user sees it: the gateway's REST API, found through Consul.
 * <p>
 * Every request made here, and its answer, is checked against the gateway's own OpenAPI document
 * (/q/openapi, read once) by swagger-request-validator: a request or an answer the document does
 * not describe fails the test (OpenApiValidationException), so the document cannot drift from the
 * answers.
 */
public final class Shop {

    /** The gateway never moves during a run: ask Consul, and read its document, once. */
    private static volatile Contract contract;

    private Shop() {
    }

    public static RequestSpecification given() {
        return given(contract().whole());
    }

    /**
     * For a request that breaks the contract on purpose (bad input): its answer is still checked
     * against the document, for the operation the request was sent to; the request is not.
     */
    public static RequestSpecification givenInvalid() {
        return given(contract().answerOnly());
    }

    private static RequestSpecification given(Filter validation) {
        return RestAssured.given().baseUri(contract().baseUri()).contentType(ContentType.JSON).filter(validation);
    }

    /** POST /shop/{mode} with a JSON body; the raw response, so tests assert status and body. */
    public static Response purchase(String mode, long userId, long productId, int quantity) {
        return given().body(Map.of("userId", userId, "productId", productId, "quantity", quantity))
                .post("/shop/" + mode);
    }

    /** POST /shop/{mode} with this body as it is, valid or not: only the answer is checked. */
    public static Response purchaseRaw(String mode, String body) {
        return givenInvalid().body(body).post("/shop/" + mode);
    }

    public static Product product(long id) {
        return given().get("/shop/products/{id}", id).then().statusCode(200).extract().as(Product.class);
    }

    public static Account account(long userId) {
        return given().get("/shop/accounts/{id}", userId).then().statusCode(200).extract().as(Account.class);
    }

    public static Response order(String orderNo) {
        return given().get("/shop/orders/{orderNo}", orderNo);
    }

    /**
     * GET /shop/audit for these products and users (everything when both are empty); the raw
     * response.
     */
    public static Response audit(List<Long> productIds, List<Long> userIds) {
        RequestSpecification request = given();
        productIds.forEach(id -> request.queryParam("productId", id));
        userIds.forEach(id -> request.queryParam("userId", id));
        return request.get("/shop/audit");
    }

    public record Product(long id, String name, long priceCents, int quantity, int locked) {
    }

    public record Account(long userId, long balanceCents, long frozenCents) {
    }

    /** The gateway's address and the two checks against its document. */
    private record Contract(String baseUri, Filter whole, Filter answerOnly) {
    }

    private static Contract contract() {
        if (contract == null) {
            synchronized (Shop.class) {
                if (contract == null) {
                    contract = readContract("http://" + Consul.address("shop-gateway"));
                }
            }
        }
        return contract;
    }

    private static Contract readContract(String baseUri) {
        String document = RestAssured.given().baseUri(baseUri).get("/q/openapi?format=json")
                .then().statusCode(200).extract().asString();
        // Quarkus' own endpoints (/q/health, ...) are not the shop's API and not in its document.
        ValidationErrorsWhitelist notTheApi = ValidationErrorsWhitelist.create().withRule("Quarkus endpoints",
                messageHasKey("validation.request.path.missing")
                        .and((message, operation, request, response) -> request.getPath().startsWith("/q/")));
        OpenApiInteractionValidator whole = validator(document).withWhitelist(notTheApi).build();
        // The request may be invalid; its path and method must still name an operation of the
        // document, or there would be no answer to check.
        OpenApiInteractionValidator answerOnly = validator(document).withWhitelist(notTheApi)
                .withLevelResolver(LevelResolver.create()
                        .withLevel("validation.request", ValidationReport.Level.IGNORE)
                        .withLevel("validation.request.path.missing", ValidationReport.Level.ERROR)
                        .withLevel("validation.request.operation.notAllowed", ValidationReport.Level.ERROR)
                        .build())
                .build();
        return new Contract(baseUri, new OpenApiValidationFilter(whole), new OpenApiValidationFilter(answerOnly));
    }

    /**
     * Combinators resolved: a purchase answer is allOf(PurchaseResponse, its status), and the
     * validator, which refuses properties a schema does not declare, would otherwise refuse those
     * of the allOf's first part.
     */
    private static OpenApiInteractionValidator.Builder validator(String document) {
        return OpenApiInteractionValidator.createForInlineApiSpecification(document).withResolveCombinators(true);
    }
}
