package io.dtmshop.gateway.mapping;

import io.dtmshop.gateway.model.ErrorResponse;

/** An error answer: HTTP status code and body. Plain data, so the mappings are unit-testable. */
public record HttpError(int httpStatus, ErrorResponse body) {
}
