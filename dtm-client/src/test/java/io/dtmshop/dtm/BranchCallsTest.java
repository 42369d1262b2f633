package io.dtmshop.dtm;

import com.google.protobuf.Empty;
import com.google.protobuf.StringValue;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
