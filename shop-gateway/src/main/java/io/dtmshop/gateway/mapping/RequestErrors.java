package io.dtmshop.gateway.mapping;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.dtmshop.gateway.model.ErrorResponse;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Turns bad input (failed validation, unreadable JSON) into a 400 body that names the field. */
public final class RequestErrors {

    private RequestErrors() {
    }

    /**
     * Names the first offending field (in alphabetical order, so the answer is stable) and lists every
     * violation in the message, e.g. "quantity must be between 1 and 1000".
     */
    public static ErrorResponse fromViolations(Set<? extends ConstraintViolation<?>> violations) {
        List<ConstraintViolation<?>> sorted = violations.stream()
                .sorted(Comparator.comparing(v -> fieldOf(v.getPropertyPath())))
                .collect(Collectors.toList());
        String message = sorted.stream()
                .map(v -> fieldOf(v.getPropertyPath()) + " " + v.getMessage())
                .collect(Collectors.joining("; "));
        return ErrorResponse.rejected(sorted.isEmpty() ? null : fieldOf(sorted.get(0).getPropertyPath()), message);
    }

    /**
     * The start of the message of the exception Jackson's parser throws for a key an object already
     * has (jackson-core JsonReadContext._checkDup; STRICT_DUPLICATE_DETECTION, see JsonConfig).
     * Jackson 2 has no exception type of its own for it.
     */
    private static final String DUPLICATE_KEY = "Duplicate field '";

    /**
     * Malformed JSON, a key given twice, a key the request does not have, a wrong type ({@code "quantity":"abc"}), a number out of
     * range, a body that is not an object.
     */
    public static ErrorResponse fromJson(JsonProcessingException e) {
        String duplicate = duplicateKey(e);
        if (duplicate != null) {
            return ErrorResponse.rejected(duplicate, duplicate + " is given more than once");
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            String field = fieldOf(unknown);
            return ErrorResponse.rejected(field, field + " is not a field of this request (known: "
                    + unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", "))
                    + ")");
        }
        if (e instanceof MismatchedInputException mismatch) {
            String field = fieldOf(mismatch);
            return field == null
                    ? ErrorResponse.rejected(null, "request body must be a JSON object")
                    : ErrorResponse.rejected(field, field + " must be " + describe(mismatch.getTargetType()));
        }
        String field = e instanceof JsonMappingException mapping ? fieldOf(mapping) : null;
        if (field != null) {
            // e.g. 99999999999 for an int: Jackson wraps the parser's complaint with the field's path
            boolean outOfRange = e.getCause() instanceof InputCoercionException;
            return ErrorResponse.rejected(field, field + (outOfRange ? " is out of range" : " is not valid"));
        }
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return ErrorResponse.rejected(null, "request body is not valid JSON" + where);
    }

    /**
     * The path of the key given twice, when that is what failed (databind may have wrapped the
     * parser's exception with its own path); null otherwise.
     */
    private static String duplicateKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonParseException parse && parse.getOriginalMessage().startsWith(DUPLICATE_KEY)
                    && parse.getProcessor() != null) {
                // The parser stopped at the second occurrence: its context is where the key is.
                return pathOf(parse.getProcessor().getParsingContext());
            }
        }
        return null;
    }

    /** {@code {"a":[{"b":1,"b":2}]}}, stopped at the second b -> {@code a[0].b}. */
    private static String pathOf(JsonStreamContext context) {
        List<String> steps = new ArrayList<>();
        for (JsonStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
            steps.add(0, at.inArray() ? "[" + at.getCurrentIndex() + "]" : at.getCurrentName());
        }
        StringBuilder path = new StringBuilder();
        for (String step : steps) {
            path.append(path.isEmpty() || step.startsWith("[") ? "" : ".").append(step);
        }
        return path.toString();
    }

    /** {@code purchaseSaga.body.quantity} -> {@code quantity}: the name the client sent. */
    private static String fieldOf(Path path) {
        String field = null;
        for (Path.Node node : path) {
            field = node.getName();
        }
        return field;
    }

    private static String fieldOf(JsonMappingException e) {
        return e.getPath().stream()
                .map(JsonMappingException.Reference::getFieldName)
                .filter(name -> name != null)
                .reduce((first, second) -> first + "." + second)
                .orElse(null);
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == Integer.class || type == Long.class || type == int.class || type == long.class) {
            return "an integer";
        }
        if (type == String.class) {
            return "a string";
        }
        return "a " + type.getSimpleName();
    }
}
