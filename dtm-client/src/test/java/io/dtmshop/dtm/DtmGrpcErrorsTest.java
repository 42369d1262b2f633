package io.dtmshop.dtm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class DtmGrpcErrorsTest {

    // --- Java -> gRPC (DtmError2GrpcError) ---

    @Test
    void failureIsAborted() {
        StatusRuntimeException e = DtmGrpcErrors.toStatusException(new DtmFailureException("not enough stock"));
        assertEquals(Status.Code.ABORTED, e.getStatus().getCode());
        assertEquals("not enough stock", e.getStatus().getDescription());
    }

    @Test
    void ongoingIsFailedPrecondition() {
        StatusRuntimeException e = DtmGrpcErrors.toStatusException(new DtmOngoingException());
        assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
        assertEquals("ONGOING", e.getStatus().getDescription());
    }

    @Test
    void duplicatedIsUnknownLikeGo() {
        StatusRuntimeException e = DtmGrpcErrors.toStatusException(new DtmDuplicatedException());
        assertEquals(Status.Code.UNKNOWN, e.getStatus().getCode());
        assertEquals("DUPLICATED", e.getStatus().getDescription());
    }

    @Test
    void wrappedFailureIsFoundInCauseChain() {
        RuntimeException wrapped = new CompletionException(new IllegalStateException("tx",
                new DtmFailureException("payment declined")));
        StatusRuntimeException e = DtmGrpcErrors.toStatusException(wrapped);
        assertEquals(Status.Code.ABORTED, e.getStatus().getCode());
        assertEquals("payment declined", e.getStatus().getDescription());
        assertSame(wrapped, e.getStatus().getCause());
    }

    @Test
    void statusExceptionsPassThrough() {
        StatusRuntimeException sre = Status.NOT_FOUND.withDescription("no product").asRuntimeException();
        assertSame(sre, DtmGrpcErrors.toStatusException(sre));
        StatusException se = Status.UNAVAILABLE.asException(new Metadata());
        assertEquals(Status.Code.UNAVAILABLE, DtmGrpcErrors.toStatusException(se).getStatus().getCode());
    }

    @Test
    void anythingElseIsUnknownSoDtmRetries() {
        StatusRuntimeException e = DtmGrpcErrors.toStatusException(new SQLException("deadlock"));
        assertEquals(Status.Code.UNKNOWN, e.getStatus().getCode());
        assertEquals("deadlock", e.getStatus().getDescription());
        assertEquals(Status.Code.UNKNOWN, DtmGrpcErrors.toStatusException(new NullPointerException())
                .getStatus().getCode());
    }

    // --- gRPC -> Java (GrpcError2DtmError) ---

    @Test
    void abortedIsFailureKeepingDtmsMessage() {
        String dtmMessage = "url:discovery:///stock-service/stock.v1.StockService/DeductStock return failed: "
                + "not enough stock FAILURE";
        RuntimeException e = DtmGrpcErrors.fromGrpc(Status.ABORTED.withDescription(dtmMessage).asRuntimeException());
        DtmFailureException f = assertInstanceOf(DtmFailureException.class, e);
        assertEquals(dtmMessage, f.getMessage());
        assertEquals("not enough stock", f.reason());
        assertFalse(f.isUnfinished());
    }

    @Test
    void abortedUnfinishedWaitIsAFailureMarkedUnfinished() {
        // what DTM answers a waiting submit that returned before the transaction ended
        RuntimeException e = DtmGrpcErrors.fromGrpc(
                Status.ABORTED.withDescription("wait result not return success: FAILURE").asRuntimeException());
        DtmFailureException f = assertInstanceOf(DtmFailureException.class, e);
        assertTrue(f.isUnfinished());
    }

    @Test
    void abortedOngoingIsOngoingForOldServers() {
        assertInstanceOf(DtmOngoingException.class,
                DtmGrpcErrors.fromGrpc(Status.ABORTED.withDescription("ONGOING").asRuntimeException()));
    }

    @Test
    void failedPreconditionIsOngoing() {
        assertInstanceOf(DtmOngoingException.class,
                DtmGrpcErrors.fromGrpc(Status.FAILED_PRECONDITION.withDescription("wait").asRuntimeException()));
        assertTrue(DtmGrpcErrors.isOngoing(Status.FAILED_PRECONDITION.asException()));
    }

    @Test
    void unknownDuplicatedIsDuplicated() {
        assertInstanceOf(DtmDuplicatedException.class,
                DtmGrpcErrors.fromGrpc(Status.UNKNOWN.withDescription("DUPLICATED").asRuntimeException()));
    }

    @Test
    void otherStatusesStayAsTheyAre() {
        StatusRuntimeException unavailable = Status.UNAVAILABLE.asRuntimeException();
        assertSame(unavailable, DtmGrpcErrors.fromGrpc(unavailable));
        StatusRuntimeException unknown = Status.UNKNOWN.withDescription("boom").asRuntimeException();
        assertSame(unknown, DtmGrpcErrors.fromGrpc(unknown));
        assertFalse(DtmGrpcErrors.isFailure(unavailable));
        assertFalse(DtmGrpcErrors.isFailure(new IllegalStateException()));
    }

    @Test
    void checkedNonGrpcErrorIsWrapped() {
        IOException io = new IOException("disk");
        RuntimeException e = DtmGrpcErrors.fromGrpc(io);
        assertEquals(DtmException.class, e.getClass());
        assertSame(io, e.getCause());
    }

    @Test
    void roundTripsThroughTheWireForm() {
        for (DtmException original : new DtmException[] {new DtmFailureException("x"), new DtmOngoingException(),
                new DtmDuplicatedException()}) {
            StatusRuntimeException onWire = DtmGrpcErrors.toStatusException(original);
            // what a client sees: status only, no cause
            StatusRuntimeException received = new StatusRuntimeException(
                    Status.fromCode(onWire.getStatus().getCode()).withDescription(onWire.getStatus().getDescription()));
            assertEquals(original.getClass(), DtmGrpcErrors.fromGrpc(received).getClass());
        }
    }

    // --- the texts Go's client would send ---

    @Test
    void goErrorTextIsHowGrpcGoPrintsAStatus() {
        StatusRuntimeException aborted = Status.ABORTED.withDescription("not enough stock FAILURE").asRuntimeException();
        assertEquals("rpc error: code = Aborted desc = not enough stock FAILURE", DtmGrpcErrors.goErrorText(aborted));
        // the same answer once this client read it (callBranch throws DtmFailureException, caused by the status)
        assertEquals("rpc error: code = Aborted desc = not enough stock FAILURE",
                DtmGrpcErrors.goErrorText(DtmGrpcErrors.withBranch(aborted, "u")));
        assertEquals("rpc error: code = Unavailable desc = io exception",
                DtmGrpcErrors.goErrorText(Status.UNAVAILABLE.withDescription("io exception").asRuntimeException()));
        assertEquals("rpc error: code = Canceled desc = ", DtmGrpcErrors.goErrorText(Status.CANCELLED.asException()));
        assertEquals("rpc error: code = FailedPrecondition desc = x",
                DtmGrpcErrors.goErrorText(Status.FAILED_PRECONDITION.withDescription("x").asRuntimeException()));
        // an error of the caller's own: its message, as Go's err.Error()
        assertEquals("no such product", DtmGrpcErrors.goErrorText(new DtmFailureException("no such product")));
        assertEquals("boom", DtmGrpcErrors.goErrorText(new IllegalStateException("boom",
                Status.INTERNAL.asRuntimeException())), "only a DtmException passes its status on");
    }

    @Test
    void goDtmErrorTextIsGrpcError2DtmError() {
        assertEquals("not enough stock FAILURE", DtmGrpcErrors.goDtmErrorText(
                DtmGrpcErrors.fromGrpc(Status.ABORTED.withDescription("not enough stock").asRuntimeException())));
        assertEquals("not enough stock FAILURE", DtmGrpcErrors.goDtmErrorText(
                Status.ABORTED.withDescription("not enough stock FAILURE").asRuntimeException()), "not repeated");
        assertEquals("later ONGOING", DtmGrpcErrors.goDtmErrorText(
                Status.FAILED_PRECONDITION.withDescription("later").asRuntimeException()));
        assertEquals("refused locally", DtmGrpcErrors.goDtmErrorText(new DtmFailureException("refused locally")));
        assertEquals("rpc error: code = Internal desc = x",
                DtmGrpcErrors.goDtmErrorText(Status.INTERNAL.withDescription("x").asRuntimeException()));
    }

    // --- DtmFailureException helpers ---

    @Test
    void reasonOfVariousDtmMessages() {
        // a branch that said only "FAILURE" (Go's bare dtmcli.ErrFailure): that word is the reason
        assertEquals("FAILURE", new DtmFailureException(null).reason());
        assertEquals("FAILURE", new DtmFailureException("").getMessage());
        assertEquals("FAILURE", new DtmFailureException("FAILURE").reason());
        // DTM's saga reason for such a branch: GrpcError2DtmError made it "FAILURE FAILURE"
        assertEquals("FAILURE", new DtmFailureException(
                "url:localhost:1/pay.v1.Pay/Pay return failed: FAILURE FAILURE").reason());
        assertEquals("Timeout after 5 seconds", new DtmFailureException("Timeout after 5 seconds FAILURE").reason());
        assertEquals("current status 'failed', cannot sumbmit.",
                new DtmFailureException("current status 'failed', cannot sumbmit. FAILURE").reason());
        assertEquals("card declined", new DtmFailureException(
                "url:localhost:1/pay.v1.Pay/Pay return failed: card declined FAILURE").reason());
        // a TCC's or workflow's reason as the Go client (and ours, like it) hands it to DTM
        assertEquals("not enough stock", DtmFailureException.reasonOf("rpc error: code = Aborted desc = not enough stock"));
        assertEquals("FAILURE", DtmFailureException.reasonOf(null));
    }

    @Test
    void unfinishedWaitIsRecognised() {
        DtmFailureException f = new DtmFailureException("wait result not return success: FAILURE");
        assertTrue(f.isUnfinished());
        // what DTM v1.19.0 answers a waiting msg submit whose action returned ABORTED (it retries it)
        assertTrue(new DtmFailureException("your http/grpc result should be specified as in:\n"
                + "http://d.dtm.pub/practice/arch.html#proto\nunkown result will be retried: not enough stock FAILURE")
                .isUnfinished());
        assertFalse(new DtmFailureException("url:a:1/x.X/Y return failed: unfinished business FAILURE").isUnfinished());
    }
}
