package io.dtmshop.gateway.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Strict request bodies, so that a client's mistake is refused instead of becoming a different
 * purchase. Jackson would otherwise:
 * <ul>
 * <li>read {@code "quantity": 2.7} and {@code "quantity": "2"} as 2;</li>
 * <li>let the last of two equal keys win ({@code {"userId":1,"userId":2}} buys as user 2) - or, for
 * a record whose every creator property was already seen, fail with an InvalidDefinitionException
 * that Quarkus answers 500. STRICT_DUPLICATE_DETECTION makes the parser itself refuse the second
 * key, at any depth, before anything is bound (RequestErrors names the key).</li>
 * <li>ignore a key it does not know (Quarkus turns FAIL_ON_UNKNOWN_PROPERTIES off): a misspelt
 * {@code "quantiy"} next to the real one, or an {@code "idempotencyKey"} in the body instead of
 * the header, would be dropped without a word, and a buyer who believed the retry safe would buy
 * twice. Refused with a 400 that names the key.</li>
 * </ul>
 */
@Singleton
public class JsonConfig implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    }
}
