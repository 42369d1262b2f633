package io.dtmshop.dtm;

import com.google.protobuf.Empty;
import com.google.protobuf.StringValue;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BranchCallsTest {

    private static final BranchContext SAGA_ACTION = new BranchContext("gid-1", "saga", "01", "action", "");

    @Test
    void repliesWithTheResultOfTheWork() {
        Recorder<StringValue> response = new Recorder<>();

        inBranch(SAGA_ACTION, () -> BranchCalls.handle("Test", Empty.getDefaultInstance(), response,
                barrier -> StringValue.of(barrier.gid() + "/" + barrier.op())));

        assertEquals(List.of(StringValue.of("gid-1/action")), response.values);
        assertTrue(response.completed);
        assertNull(response.error);
    }

    @Test
    void businessFailureIsAborted() {
        Recorder<Empty> response = new Recorder<>();

        inBranch(SAGA_ACTION, () -> BranchCalls.handle("Test", Empty.getDefaultInstance(), response, barrier -> {
            throw new DtmFailureException("not enough stock for product 1: requested 2000, available 100");
        }));

        assertEquals(Status.Code.ABORTED, response.errorCode());
        assertEquals("not enough stock for product 1: requested 2000, available 100",
                response.error.getStatus().getDescription());
    }

    @Test
    void unexpectedErrorIsInternalSoDtmRetries() {
        Recorder<Empty> response = new Recorder<>();

        inBranch(SAGA_ACTION, () -> BranchCalls.handle("Test", Empty.getDefaultInstance(), response, barrier -> {
            throw new IllegalStateException("connection reset");
        }));

        assertEquals(Status.Code.INTERNAL, response.errorCode());
    }

    /** What Hibernate throws for a row MariaDB refuses: its wrapper, the SQL in the message, the driver's cause. */
    private static RuntimeException hibernateLike(String sqlState, int errorCode) {
        SQLException driver = new SQLException("Data too long for column 'order_no' at row 1", sqlState, errorCode);
        return new IllegalStateException("could not execute statement [Data too long for column 'order_no' at row 1]"
                + " [insert into orders (order_no,...) values (?,...)]", new RuntimeException("wrapped", driver));
    }

    @Test
    void anActionTheDatabaseRefusesForGoodIsAbortedWithoutSqlText() {
        for (String op : List.of("action", "try", "msg")) {
            Recorder<Empty> response = new Recorder<>();

            inBranch(new BranchContext("gid-1", "saga", "01", op, ""), () -> BranchCalls.handle("CreateOrder",
                    Empty.getDefaultInstance(), response, barrier -> {
                        throw hibernateLike("22001", 1406);
                    }));

            assertEquals(Status.Code.ABORTED, response.errorCode(), op);
            assertEquals("CreateOrder refused: a value does not fit its column (SQLState 22001)",
                    response.error.getStatus().getDescription());
        }
    }

    @Test
    void constraintViolationsAnywhereInTheChainArePermanent() {
        assertEquals(Optional.of("23000"), BranchCalls.permanentSqlState(hibernateLike("23000", 1062)));
        assertEquals(Optional.of("22003"), BranchCalls.permanentSqlState(hibernateLike("22003", 1690)));
        RuntimeException rollback = new RuntimeException("ARJUNA016053: Could not commit transaction.");
        rollback.addSuppressed(hibernateLike("23000", 4025));
        assertEquals(Optional.of("23000"), BranchCalls.permanentSqlState(rollback));
    }

    @Test
    void transientDatabaseErrorsStayRetryable() {
        assertEquals(Optional.empty(),
                BranchCalls.permanentSqlState(new SQLException("Deadlock found", "40001", 1213)));
        assertEquals(Optional.empty(),
                BranchCalls.permanentSqlState(new SQLException("Lock wait timeout exceeded", "HY000", 1205)));
        assertEquals(Optional.empty(), BranchCalls.permanentSqlState(
                new RuntimeException(new SQLException("Communications link failure", "08S01"))));
        Recorder<Empty> response = new Recorder<>();

        inBranch(SAGA_ACTION, () -> BranchCalls.handle("Test", Empty.getDefaultInstance(), response, barrier -> {
            throw new SQLException("Deadlock found when trying to get lock", "40001", 1213);
        }));

        assertEquals(Status.Code.INTERNAL, response.errorCode());
    }

    @Test
    void aPhase2OpTheDatabaseRefusesForGoodStaysRetryable() {
        for (String op : List.of("compensate", "cancel", "confirm", "rollback", "commit")) {
            Recorder<Empty> response = new Recorder<>();

            inBranch(new BranchContext("gid-1", "saga", "01", op, ""), () -> BranchCalls.handle("RefundStock",
                    Empty.getDefaultInstance(), response, barrier -> {
                        throw hibernateLike("22003", 1264);
                    }));

            assertEquals(Status.Code.INTERNAL, response.errorCode(), op);
            assertFalse(response.error.getStatus().getDescription().contains("order_no"));
        }
    }

    @Test
    void callWithoutBranchMetadataIsRejected() {
        Recorder<Empty> response = new Recorder<>();

        BranchCalls.handle("Test", Empty.getDefaultInstance(), response, barrier -> Empty.getDefaultInstance());

        assertEquals(Status.Code.INVALID_ARGUMENT, response.errorCode());
        assertTrue(response.values.isEmpty());
    }

    private static void inBranch(BranchContext branch, Runnable call) {
        Context.current().withValue(BranchContext.CONTEXT_KEY, branch).run(call);
    }

    private static final class Recorder<T> implements StreamObserver<T> {
        final List<T> values = new ArrayList<>();
        StatusRuntimeException error;
        boolean completed;

        @Override
        public void onNext(T value) {
            values.add(value);
        }

        @Override
        public void onError(Throwable t) {
            error = (StatusRuntimeException) t;
        }

        @Override
        public void onCompleted() {
            completed = true;
        }

        Status.Code errorCode() {
            return error == null ? null : error.getStatus().getCode();
        }
    }
}
