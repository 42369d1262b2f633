package io.dtmshop.dtm.barrier;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtmshop.dtm.DtmFailureException;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BarrierKeysTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "Kf8xQ2nUq4vZbT7yR3mWcd", "01", "order-1.2:3_x"})
    void idsOfLettersDigitsAndSeparatorsPass(String id) {
        assertEquals(Optional.empty(), BarrierKeys.idProblem("gid", id));
    }

    @Test
    void aUuidAndExactly128CharactersPass() {
        assertEquals(Optional.empty(), BarrierKeys.idProblem("gid", UUID.randomUUID().toString()));
        assertEquals(Optional.empty(), BarrierKeys.idProblem("gid", "x".repeat(128)));
    }

    @Test
    void aLongerIdIsRefusedWithItsLength() {
        assertEquals(Optional.of("gid is 129 characters long; at most 128 are allowed"),
                BarrierKeys.idProblem("gid", "x".repeat(129)));
    }

    @Test
    void anEmptyIdIsRefused() {
        assertEquals(Optional.of("order_no is empty"), BarrierKeys.idProblem("order_no", ""));
        assertEquals(Optional.of("order_no is empty"), BarrierKeys.idProblem("order_no", null));
    }

    @Test
    void otherCharactersAreRefusedByPositionWithoutEchoingTheValue() {
        assertEquals(Optional.of("gid has a space at position 4; only letters A-Z and a-z, digits and _ . : - are "
                + "allowed"), BarrierKeys.idProblem("gid", "abc "));
        assertEquals(Optional.of("gid has ''' at position 2; only letters A-Z and a-z, digits and _ . : - are "
                + "allowed"), BarrierKeys.idProblem("gid", "g'; drop"));
        assertTrue(BarrierKeys.idProblem("gid", "caf\u00e9").orElseThrow().startsWith("gid has U+00E9 at position 4"));
        assertTrue(BarrierKeys.idProblem("gid", "a\nb").orElseThrow().startsWith("gid has U+000A at position 2"));
    }

    @Test
    void requireIdIsABusinessFailure() {
        assertDoesNotThrow(() -> BarrierKeys.requireId("order_no", "g-1"));
        DtmFailureException e = assertThrows(DtmFailureException.class,
                () -> BarrierKeys.requireId("order_no", "x".repeat(200)));
        assertEquals("order_no is 200 characters long; at most 128 are allowed", e.getMessage());
    }

    @Test
    void transTypesAndOpsAreDtms() {
        for (String type : new String[] {"saga", "msg", "tcc", "xa", "workflow"}) {
            assertEquals(Optional.empty(), BarrierKeys.problem(type, "g", "01", "action"));
        }
        for (String op : new String[] {"try", "confirm", "cancel", "action", "compensate", "commit", "rollback",
                "msg"}) {
            assertEquals(Optional.empty(), BarrierKeys.problem("saga", "g", "01", op));
        }
        assertTrue(BarrierKeys.problem("Saga", "g", "01", "action").orElseThrow().startsWith("trans type"));
        assertTrue(BarrierKeys.problem("saga", "g", "01", "business").orElseThrow().startsWith("op"));
        assertEquals(Optional.of("branch id has a space at position 2; only letters A-Z and a-z, digits and _ . : - "
                + "are allowed"), BarrierKeys.problem("saga", "g", "0 1", "action"));
    }

    @Test
    void phase2OpsFinishOrUndoAnAction() {
        for (String op : new String[] {"confirm", "cancel", "compensate", "commit", "rollback"}) {
            assertTrue(BarrierKeys.isPhase2(op), op);
        }
        for (String op : new String[] {"try", "action", "msg", "other"}) {
            assertEquals(false, BarrierKeys.isPhase2(op), op);
        }
    }
}
