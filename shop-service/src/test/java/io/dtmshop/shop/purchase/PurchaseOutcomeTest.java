package io.dtmshop.shop.purchase;

import io.dtmshop.dtm.DtmFailureException;
import io.dtmshop.dtm.DtmNotSentException;
import io.dtmshop.dtm.DtmOutcomeUnknownException;
import io.dtmshop.dtm.workflow.WorkflowNotPreparedException;
import io.dtmshop.proto.shop.v1.PurchaseReply;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one rule from how a purchase ended to the shop's reply (PurchaseOutcome.of), for every mode. */
class PurchaseOutcomeTest {

    private final PurchaseOrder order = new PurchaseOrder("gid-1", 2, 1, 1, 79999);
    private final StatusRuntimeException refused = Status.UNAVAILABLE.withDescription("Connection refused").asRuntimeException();

    @Test
    void rollbackBecomesFailedWithTheBusinessReason() {
        PurchaseReply reply = PurchaseOutcome.of(order, "saga", new DtmFailureException(
                "url:discovery:///payment-service/payment.v1.PaymentService/Pay return failed: insufficient balance FAILURE"));
        assertEquals(PurchaseOutcome.FAILED, reply.getStatus());
        assertEquals("rolled back: insufficient balance", reply.getMessage());
        assertFalse(reply.getRetryable());
        assertEquals("gid-1", reply.getGid());
        assertEquals("gid-1", reply.getOrderNo());
        assertEquals("saga", reply.getMode());
    }

    @Test
    void abortedOverTheWireIsAFailure() {
        StatusRuntimeException aborted = Status.ABORTED.withDescription("not enough stock FAILURE").asRuntimeException();
        assertEquals(PurchaseOutcome.FAILED, PurchaseOutcome.of(order, "2pm", aborted).getStatus());
        assertEquals(PurchaseOutcome.FAILED, PurchaseOutcome.of(order, "workflow-tcc",
                new DtmFailureException("not enough stock", aborted)).getStatus());
    }

    @Test
    void theFirstRequestNotSentMeansNothingStarted() {
        for (RuntimeException notSent : new RuntimeException[] {
                new DtmNotSentException("Submit", "gid-1", true, refused),
                new WorkflowNotPreparedException("gid-1", new DtmNotSentException("PrepareWorkflow", "gid-1", true, refused))}) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> PurchaseOutcome.of(order, "saga", notSent));
            assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
            assertTrue(e.getStatus().getDescription().contains("nothing was started"), e.getStatus().getDescription());
        }
    }

    @Test
    void aLaterRequestNotSentLeavesTheTransactionAtDtm() {
        PurchaseReply reply = PurchaseOutcome.of(order, "2pm", new DtmNotSentException("Submit", "gid-1", false, refused));
        assertEquals(PurchaseOutcome.SUBMITTED, reply.getStatus());
        assertEquals("gid-1", reply.getGid());
    }

    @Test
    void anAnswerLostOrLateIsSubmittedWhateverTheRequest() {
        StatusRuntimeException closed = Status.UNAVAILABLE.withDescription("Network closed for unknown reason").asRuntimeException();
        for (String operation : new String[] {"Submit", "Prepare", "PrepareWorkflow", "Abort"}) {
            PurchaseReply reply = PurchaseOutcome.of(order, "saga", new DtmOutcomeUnknownException(operation, "gid-1", closed));
            assertEquals(PurchaseOutcome.SUBMITTED, reply.getStatus(), operation);
        }
        PurchaseReply reply = PurchaseOutcome.of(order, "workflow-saga", new WorkflowNotPreparedException("gid-1",
                new DtmOutcomeUnknownException("PrepareWorkflow", "gid-1", Status.DEADLINE_EXCEEDED.asRuntimeException())));
        assertEquals(PurchaseOutcome.SUBMITTED, reply.getStatus());
    }

    @Test
    void waitThatRanOutAndOngoingAreSubmitted() {
        assertEquals(PurchaseOutcome.SUBMITTED, PurchaseOutcome.of(order, "saga",
                new DtmFailureException("wait result not return success: FAILURE")).getStatus());
        assertEquals(PurchaseOutcome.SUBMITTED, PurchaseOutcome.of(order, "saga",
                Status.FAILED_PRECONDITION.withDescription("ONGOING").asRuntimeException()).getStatus());
    }

    @Test
    void anyOtherAnswerOfDtmIsSubmittedNotNothingStarted() {
        PurchaseReply reply = PurchaseOutcome.of(order, "tcc", Status.INTERNAL.withDescription("store").asRuntimeException());
        assertEquals(PurchaseOutcome.SUBMITTED, reply.getStatus());
    }

    @Test
    void aBranchThatCouldNotBeReachedRollsBackRetryable() {
        RuntimeException failure = assertThrows(RuntimeException.class, () -> UnreachableBranch.failureOnAnyError(() -> {
            throw Status.UNAVAILABLE.withDescription("io exception; branch discovery:///payment-service/x").asRuntimeException();
        }));
        PurchaseReply reply = PurchaseOutcome.of(order, "xa", failure);
        assertEquals(PurchaseOutcome.FAILED, reply.getStatus());
        assertTrue(reply.getRetryable());
        assertTrue(reply.getMessage().contains("UNAVAILABLE io exception"), reply.getMessage());

        PurchaseReply workflow = PurchaseOutcome.of(order, "workflow-xa", UnreachableBranch.unreachableIsFailure(
                Status.DEADLINE_EXCEEDED.asRuntimeException()));
        assertTrue(workflow.getRetryable());
    }

    @Test
    void aTccWhoseRegistrationGotNoAnswerRollsBackRetryable() {
        RuntimeException failure = assertThrows(RuntimeException.class, () -> UnreachableBranch.failureOnAnyError(() -> {
            throw new DtmOutcomeUnknownException("RegisterBranch", "gid-1", Status.DEADLINE_EXCEEDED.asRuntimeException());
        }));
        assertTrue(PurchaseOutcome.of(order, "tcc", failure).getRetryable());
    }

    @Test
    void aRefusalStaysARefusalThroughTheTccBody() {
        StatusRuntimeException aborted = Status.ABORTED.withDescription("insufficient balance").asRuntimeException();
        RuntimeException failure = assertThrows(RuntimeException.class, () -> UnreachableBranch.failureOnAnyError(() -> {
            throw new DtmFailureException("insufficient balance", aborted);
        }));
        PurchaseReply reply = PurchaseOutcome.of(order, "tcc", failure);
        assertEquals(PurchaseOutcome.FAILED, reply.getStatus());
        assertFalse(reply.getRetryable());
    }

    @Test
    void anAbortThatDidNotReachDtmIsSubmitted() {
        DtmFailureException refusal = new DtmFailureException("insufficient balance");
        refusal.addSuppressed(new DtmNotSentException("Abort", "gid-1", false, refused));
        PurchaseReply reply = PurchaseOutcome.of(order, "tcc", refusal);
        assertEquals(PurchaseOutcome.SUBMITTED, reply.getStatus());
        assertTrue(reply.getMessage().contains("times out"), reply.getMessage());
    }

    @Test
    void onlyUnreachableOrLateWorkflowBranchesBecomeFailures() {
        for (Status status : new Status[] {Status.UNAVAILABLE, Status.CANCELLED, Status.DEADLINE_EXCEEDED}) {
            StatusRuntimeException e = status.asRuntimeException();
            DtmFailureException failure = (DtmFailureException) UnreachableBranch.unreachableIsFailure(e);
            assertSame(e, failure.getCause());
        }
        StatusRuntimeException internal = Status.INTERNAL.asRuntimeException();
        assertSame(internal, UnreachableBranch.unreachableIsFailure(internal));
    }
}
