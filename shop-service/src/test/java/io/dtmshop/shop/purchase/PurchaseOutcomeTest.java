package io.dtmshop.shop.purchase;

import io.dtmshop.dtm.DtmFailureException;
import io.dtmshop.dtm.workflow.WorkflowNotPreparedException;
import io.dtmshop.proto.shop.v1.PurchaseReply;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PurchaseOutcomeTest {

    private final PurchaseOrder order = new PurchaseOrder("gid-1", 2, 1, 1, 79999);

    @Test
    void rollbackBecomesFailedWithTheBusinessReason() {
        PurchaseReply reply = PurchaseOutcome.of(order, "saga", new DtmFailureException(
                "url:discovery:///payment-service/payment.v1.PaymentService/Pay return failed: insufficient balance FAILURE"));
        assertEquals(PurchaseOutcome.FAILED, reply.getStatus());
        assertEquals("rolled back: insufficient balance", reply.getMessage());
        assertEquals("gid-1", reply.getOrderNo());
        assertEquals("saga", reply.getMode());
    }

    @Test
    void abortedFromDtmOverTheWireIsAFailure() {
        StatusRuntimeException aborted = Status.ABORTED.withDescription("not enough stock FAILURE").asRuntimeException();
        assertEquals(PurchaseOutcome.FAILED, PurchaseOutcome.of(order, "2pm", aborted).getStatus());
    }

    @Test
    void waitThatRanOutIsSubmittedNotFailed() {
        PurchaseReply reply = PurchaseOutcome.of(order, "saga",
                new DtmFailureException("wait result not return success: FAILURE"));
        assertEquals(PurchaseOutcome.SUBMITTED, reply.getStatus());
    }

    @Test
    void ongoingAndDeadlineAreSubmitted() {
        StatusRuntimeException ongoing = Status.FAILED_PRECONDITION.withDescription("ONGOING").asRuntimeException();
        assertEquals(PurchaseOutcome.SUBMITTED, PurchaseOutcome.of(order, "saga", ongoing).getStatus());
        StatusRuntimeException deadline = Status.DEADLINE_EXCEEDED.asRuntimeException();
        PurchaseReply reply = PurchaseOutcome.of(order, "saga", deadline);
        assertEquals(PurchaseOutcome.SUBMITTED, reply.getStatus());
        assertTrue(reply.getMessage().contains("DTM"));
    }

    @Test
    void unreachableDtmStaysAnError() {
        StatusRuntimeException unavailable = Status.UNAVAILABLE.withDescription("connection refused").asRuntimeException();
        assertSame(unavailable, assertThrows(StatusRuntimeException.class,
                () -> PurchaseOutcome.of(order, "saga", unavailable)));
    }

    @Test
    void afterTheLocalStepAnUnknownErrorIsLeftToDtmsBackCheck() {
        StatusRuntimeException unavailable = Status.UNAVAILABLE.withDescription("stock-service went away").asRuntimeException();
        PurchaseReply reply = PurchaseOutcome.afterLocalStep(order, "2pm", unavailable);
        assertEquals(PurchaseOutcome.SUBMITTED, reply.getStatus());
        assertTrue(reply.getMessage().contains("back-check"));
    }

    @Test
    void afterTheLocalStepAFailureIsFailed() {
        StatusRuntimeException aborted = Status.ABORTED.withDescription("not enough stock FAILURE").asRuntimeException();
        assertEquals(PurchaseOutcome.FAILED, PurchaseOutcome.afterLocalStep(order, "2pm", aborted).getStatus());
    }

    @Test
    void tccOrXaBranchRefusedAndAbortedIsFailed() {
        PurchaseReply reply = PurchaseOutcome.afterPrepare(order, "tcc", false,
                new DtmFailureException("not enough stock for product 1: requested 9, available 5"));
        assertEquals(PurchaseOutcome.FAILED, reply.getStatus());
        assertEquals("rolled back: not enough stock for product 1: requested 9, available 5", reply.getMessage());
    }

    @Test
    void tccOrXaBranchUnreachableAndAbortedIsUnavailable() {
        StatusRuntimeException down = Status.UNAVAILABLE.withDescription("io exception").asRuntimeException();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> PurchaseOutcome.afterPrepare(order, "xa", false, down));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("rolled back"), e.getStatus().getDescription());
    }

    @Test
    void tccOrXaAbortThatDidNotReachDtmIsSubmitted() {
        DtmFailureException refused = new DtmFailureException("insufficient balance");
        refused.addSuppressed(Status.UNAVAILABLE.asRuntimeException());
        PurchaseReply reply = PurchaseOutcome.afterPrepare(order, "tcc", false, refused);
        assertEquals(PurchaseOutcome.SUBMITTED, reply.getStatus());
        assertTrue(reply.getMessage().contains("times out"), reply.getMessage());
    }

    @Test
    void tccOrXaSubmitErrorsAreSubmittedUnlessDtmRolledBack() {
        assertEquals(PurchaseOutcome.SUBMITTED, PurchaseOutcome.afterPrepare(order, "xa", true,
                Status.UNAVAILABLE.asRuntimeException()).getStatus());
        assertEquals(PurchaseOutcome.SUBMITTED, PurchaseOutcome.afterPrepare(order, "xa", true,
                new DtmFailureException("wait result not return success: FAILURE")).getStatus());
        assertEquals(PurchaseOutcome.FAILED, PurchaseOutcome.afterPrepare(order, "tcc", true,
                new DtmFailureException("current status 'aborting', cannot sumbmit. FAILURE")).getStatus());
    }

    @Test
    void workflowThatDtmNeverTookIsUnavailable() {
        StatusRuntimeException down = Status.UNAVAILABLE.withDescription("connection refused").asRuntimeException();
        StatusRuntimeException error = assertThrows(StatusRuntimeException.class, () -> PurchaseOutcome.afterWorkflow(
                order, "workflow-saga", new WorkflowNotPreparedException("gid-1", down)));
        assertEquals(Status.Code.UNAVAILABLE, error.getStatus().getCode());
        assertTrue(error.getStatus().getDescription().contains("DTM cannot be reached"));
    }

    @Test
    void workflowWhosePrepareTimedOutMayStillRun() {
        StatusRuntimeException late = Status.DEADLINE_EXCEEDED.asRuntimeException();
        PurchaseReply reply = PurchaseOutcome.afterWorkflow(order, "workflow-saga",
                new WorkflowNotPreparedException("gid-1", late));
        assertEquals(PurchaseOutcome.SUBMITTED, reply.getStatus());
    }

    @Test
    void workflowRolledBackByARefusalIsFailedWithTheReason() {
        StatusRuntimeException refused = Status.ABORTED.withDescription("not enough stock").asRuntimeException();
        PurchaseReply reply = PurchaseOutcome.afterWorkflow(order, "workflow-tcc", new DtmFailureException("not enough stock", refused));
        assertEquals(PurchaseOutcome.FAILED, reply.getStatus());
        assertEquals("rolled back: not enough stock", reply.getMessage());
    }

    @Test
    void workflowRolledBackBecauseABranchWasUnreachableIsUnavailable() {
        RuntimeException failure = WorkflowPurchase.unreachableIsFailure(
                Status.UNAVAILABLE.withDescription("io exception").asRuntimeException());
        StatusRuntimeException error = assertThrows(StatusRuntimeException.class,
                () -> PurchaseOutcome.afterWorkflow(order, "workflow-xa", failure));
        assertEquals(Status.Code.UNAVAILABLE, error.getStatus().getCode());
        assertTrue(error.getStatus().getDescription().contains("rolled back"));
    }

    @Test
    void workflowStoppedWithAnUnknownOutcomeIsSubmitted() {
        PurchaseReply reply = PurchaseOutcome.afterWorkflow(order, "workflow-mixed",
                Status.DEADLINE_EXCEEDED.withDescription("rollback of 02").asRuntimeException());
        assertEquals(PurchaseOutcome.SUBMITTED, reply.getStatus());
        assertTrue(reply.getMessage().contains("DTM resumes it"));
    }

    @Test
    void onlyUnreachableOrLateBranchesBecomeFailures() {
        for (Status status : new Status[] {Status.UNAVAILABLE, Status.CANCELLED, Status.DEADLINE_EXCEEDED}) {
            StatusRuntimeException e = status.asRuntimeException();
            DtmFailureException failure = (DtmFailureException) WorkflowPurchase.unreachableIsFailure(e);
            assertSame(e, failure.getCause());
        }
        StatusRuntimeException internal = Status.INTERNAL.asRuntimeException();
        assertSame(internal, WorkflowPurchase.unreachableIsFailure(internal));
    }
}
