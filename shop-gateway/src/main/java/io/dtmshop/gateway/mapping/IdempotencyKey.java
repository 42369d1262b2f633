package io.dtmshop.gateway.mapping;

import io.dtmshop.gateway.model.ErrorResponse;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The optional {@code Idempotency-Key} request header of a purchase: 1-64 characters of
 * {@code [A-Za-z0-9_.:-]}, sent at most once. The same rule is checked again by shop-service, which
 * keeps the keys (its PurchaseKeys).
 */
public final class IdempotencyKey {

    public static final String HEADER = "Idempotency-Key";
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    private IdempotencyKey() {
    }

    /**
     * The key of a request, or null when it has none.
     *
     * @param values every value of the header the request carried (null or empty: none)
     * @throws BadKeyException a malformed key, or more than one
     */
    public static String of(List<String> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new BadKeyException(HEADER + " must be sent once, not " + values.size() + " times");
        }
        String key = values.get(0);
        if (!KEY.matcher(key).matches()) {
            throw new BadKeyException(HEADER + " must be 1 to 64 letters, digits or _.:-");
        }
        return key;
    }

    /** A malformed Idempotency-Key: answered 400 naming the header. */
    public static final class BadKeyException extends RuntimeException {

        public BadKeyException(String message) {
            super(message);
        }

        public ErrorResponse body() {
            return ErrorResponse.rejected(HEADER, getMessage());
        }
    }
}
