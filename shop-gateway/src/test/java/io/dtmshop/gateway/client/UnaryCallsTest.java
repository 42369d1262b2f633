package io.dtmshop.gateway.client;

import io.grpc.Status;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which failed calls the gateway sends again, to the next instance: reads after any transport failure, purchases only when they never arrived. */
class UnaryCallsTest {

    private static final Status REFUSED = Status.UNAVAILABLE.withCause(new ConnectException("Connection refused"));
    /** The Vert.x client's status for a connection that closed under the call (the service was killed). */
    private static final Status WENT_AWAY = Status.UNKNOWN.withCause(new java.io.IOException("Connection reset"));

    @Test
    void aReadIsSentAgainAfterAnyTransportFailure() {
        assertTrue(UnaryCalls.repeats(UnaryCalls.Repeat.READ, REFUSED));
        assertTrue(UnaryCalls.repeats(UnaryCalls.Repeat.READ, WENT_AWAY));
        assertTrue(UnaryCalls.repeats(UnaryCalls.Repeat.READ,
                Status.UNAVAILABLE.withDescription("stock-service cannot reach its database stock_db")));
        assertFalse(UnaryCalls.repeats(UnaryCalls.Repeat.READ, Status.NOT_FOUND.withDescription("product 9 not found")));
        assertFalse(UnaryCalls.repeats(UnaryCalls.Repeat.READ, Status.DEADLINE_EXCEEDED));
        assertFalse(UnaryCalls.repeats(UnaryCalls.Repeat.READ, Status.UNKNOWN.withDescription("answered by the service")));
    }

    @Test
    void aPurchaseIsSentAgainOnlyWhenItNeverArrived() {
        assertTrue(UnaryCalls.repeats(UnaryCalls.Repeat.WHEN_NOT_REACHED, REFUSED));
        // the Vert.x client's answer when it could not open the request (seen with a killed shop-service)
        assertTrue(UnaryCalls.repeats(UnaryCalls.Repeat.WHEN_NOT_REACHED, Status.UNAVAILABLE));
        assertFalse(UnaryCalls.repeats(UnaryCalls.Repeat.WHEN_NOT_REACHED, WENT_AWAY));
        assertFalse(UnaryCalls.repeats(UnaryCalls.Repeat.WHEN_NOT_REACHED, Status.DEADLINE_EXCEEDED));
        assertFalse(UnaryCalls.repeats(UnaryCalls.Repeat.WHEN_NOT_REACHED,
                Status.UNAVAILABLE.withDescription("DTM cannot be reached, nothing was started")));
    }
}
