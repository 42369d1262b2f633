package io.dtmshop.dtm.workflow;

import io.dtmshop.dtm.DtmFailureException;
import io.dtmshop.dtm.DtmOngoingException;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which outcomes a workflow records with DTM, and what a recorded one gives back. */
class StepResultTest {

    @Test
    void successIsRecordedWithItsReply() {
        StepResult r = StepResult.of(new byte[] {1, 2}, null);
        assertEquals("succeed", r.status());
        assertTrue(r.recordable());
        assertArrayEquals(new byte[] {1, 2}, r.get());
    }

    @Test
    void failureIsRecordedWithItsMessage() {
        DtmFailureException refused = new DtmFailureException("not enough stock");
        StepResult r = StepResult.of(null, refused);
        assertEquals("failed", r.status());
        assertEquals("not enough stock", new String(r.data(), StandardCharsets.UTF_8));
        assertSame(refused, assertThrows(DtmFailureException.class, r::get));
    }

    @Test
    void abortedOverTheWireIsAFailureToo() {
        assertEquals("failed", StepResult.of(null, Status.ABORTED.withDescription("no").asRuntimeException()).status());
    }

    @Test
    void unknownOutcomesAreNotRecorded() {
        assertFalse(StepResult.of(null, Status.UNAVAILABLE.asRuntimeException()).recordable());
        assertFalse(StepResult.of(null, Status.DEADLINE_EXCEEDED.asRuntimeException()).recordable());
        assertFalse(StepResult.of(null, new DtmOngoingException("later")).recordable());
        assertFalse(StepResult.of(null, new IllegalStateException("crash")).recordable());
    }

    @Test
    void aRestoredFailureThrowsItsRecordedMessage() {
        StepResult r = StepResult.restored("failed", "insufficient balance".getBytes(StandardCharsets.UTF_8));
        assertEquals("insufficient balance", assertThrows(DtmFailureException.class, r::get).getMessage());
        assertArrayEquals(new byte[] {7}, StepResult.restored("succeed", new byte[] {7}).get());
    }
}
