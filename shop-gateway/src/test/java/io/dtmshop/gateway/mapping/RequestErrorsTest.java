package io.dtmshop.gateway.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtmshop.gateway.config.JsonConfig;
import io.dtmshop.gateway.model.ErrorResponse;
import io.dtmshop.gateway.model.PurchaseRequest;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestErrorsTest {

    private static jakarta.validation.ValidatorFactory factory;
    private static Validator validator;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void setUp() {
        // the messages are literal, so no expression language is needed to interpolate them
        factory = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory();
        validator = factory.getValidator();
        new JsonConfig().customize(JSON);
        // as Quarkus configures its mapper (quarkus.jackson.fail-on-unknown-properties defaults to false)
        JSON.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @AfterAll
    static void tearDown() {
        factory.close();
    }

    private static ErrorResponse validate(PurchaseRequest request) {
        return RequestErrors.fromViolations(validator.validate(request));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 1001})
    void quantityOutOfRange(int quantity) {
        assertEquals(ErrorResponse.rejected("quantity", "quantity must be between 1 and 1000"),
                validate(new PurchaseRequest(1L, 1L, quantity)));
    }

    @Test
    void boundsAreAccepted() {
        assertTrue(validator.validate(new PurchaseRequest(1L, 1L, 1)).isEmpty());
        assertTrue(validator.validate(new PurchaseRequest(1L, 1L, 1000)).isEmpty());
    }

    @Test
    void missingFieldsAreNamed() {
        assertEquals(ErrorResponse.rejected("productId", "productId is required"),
                validate(new PurchaseRequest(1L, null, 1)));
        assertEquals(ErrorResponse.rejected("userId", "userId is required"),
                validate(new PurchaseRequest(null, 1L, 1)));
    }

    @Test
    void nonPositiveIdsAreRejected() {
        assertEquals(ErrorResponse.rejected("userId", "userId must be a positive id"),
                validate(new PurchaseRequest(0L, 1L, 1)));
    }

    @Test
    void severalViolationsNameTheFirstFieldAndListThemAll() {
        ErrorResponse error = validate(new PurchaseRequest(-1L, null, 0));

        assertEquals("productId", error.field());
        assertEquals("productId is required; quantity must be between 1 and 1000; userId must be a positive id",
                error.message());
    }

    private static ErrorResponse parse(String body) {
        JsonProcessingException e = assertThrows(JsonProcessingException.class,
                () -> JSON.readValue(body, PurchaseRequest.class));
        return RequestErrors.fromJson(e);
    }

    @Test
    void wrongTypeNamesTheField() {
        assertEquals(ErrorResponse.rejected("quantity", "quantity must be an integer"),
                parse("{\"userId\":1,\"productId\":1,\"quantity\":\"abc\"}"));
    }

    @Test
    void numbersAreStrict() {
        assertEquals(ErrorResponse.rejected("quantity", "quantity must be an integer"),
                parse("{\"userId\":1,\"productId\":1,\"quantity\":2.5}"));
        assertEquals(ErrorResponse.rejected("userId", "userId must be an integer"),
                parse("{\"userId\":\"1\",\"productId\":1,\"quantity\":2}"));
    }

    @Test
    void numberOutOfRangeNamesTheField() {
        assertEquals(ErrorResponse.rejected("quantity", "quantity is out of range"),
                parse("{\"userId\":1,\"productId\":1,\"quantity\":99999999999}"));
    }

    @Test
    void malformedJsonSaysWhere() {
        ErrorResponse error = parse("{\"userId\":1,}");

        assertNull(error.field());
        assertEquals("request body is not valid JSON at line 1, column 13", error.message());
    }

    @Test
    void aBodyThatIsNotAnObject() {
        assertEquals(ErrorResponse.rejected(null, "request body must be a JSON object"), parse("[1,2]"));
    }

    /** The last key would win without STRICT_DUPLICATE_DETECTION: {"userId":1,"userId":2} bought as user 2. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"userId":1,"productId":1,"quantity":1,"quantity":1}        | quantity
            {"quantity":1,"userId":1,"userId":2,"productId":1}          | userId
            {"userId":1,"productId":1,"quantity":1,"x":{"a":1,"a":2}}   | x.a
            {"userId":1,"productId":1,"quantity":1,"x":[0,{"a":1,"a":2}]} | x[1].a
            """)
    void aKeyGivenTwiceIsNamed(String body, String key) {
        assertEquals(ErrorResponse.rejected(key, key + " is given more than once"), parse(body));
    }
}
