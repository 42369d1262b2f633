package io.dtmshop.gateway.mapping;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PurchaseOutcomeTest {

    @ParameterizedTest
    @CsvSource({"succeed, 200", "failed, 409", "submitted, 202"})
    void eachReportedStatusHasOneHttpStatus(String status, int httpStatus) {
        assertEquals(httpStatus, PurchaseOutcome.of(status).orElseThrow().httpStatus());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "SUCCEED", "prepared", "aborting"})
    void unknownStatusesAreNotGuessed(String status) {
        assertTrue(PurchaseOutcome.of(status).isEmpty());
    }
}
