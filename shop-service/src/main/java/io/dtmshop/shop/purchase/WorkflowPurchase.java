package io.dtmshop.shop.purchase;

import com.google.protobuf.Message;
import io.dtmshop.dtm.workflow.Workflow;
import io.dtmshop.dtm.workflow.Workflows;
import io.dtmshop.proto.shop.v1.PurchaseReply;
import io.dtmshop.shop.config.PurchaseConfig;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * What the four workflow purchases share. A workflow is registered under its mode's name at
 * startup (DTM calls it back by that name), runs on the shop's own thread - the shop calls each
 * branch itself and DTM records the outcome of each - and ends like the other modes: 200, 409 or
 * 202, or 503 when a branch or DTM could not be reached.
 *
 * <p>Options every purchase workflow uses:
 * <ul>
 * <li>A branch that cannot be reached (UNAVAILABLE; CANCELLED, which Stork answers when Consul
 *     lists no instance) or does not answer in time (DEADLINE_EXCEEDED) counts as a failure: the
 *     purchase rolls back instead of waiting to go forward once the service is back.</li>
 * <li>{@code compensateErrorBranch}: such a branch may have done its work all the same (the call
 *     timed out after it arrived), so its own rollback runs too. Through the barrier, a rollback
 *     of an action that never ran does nothing, and an action arriving after its rollback is
 *     turned away. While the service stays unreachable that rollback cannot run either: the
 *     workflow stops unsubmitted (202), and DTM finishes the rollback once the service is back.</li>
 * </ul>
 */
public abstract class WorkflowPurchase {

    private static final Logger LOG = Logger.getLogger(WorkflowPurchase.class);

    @Inject
    Workflows workflows;
    @Inject
    Branches branches;
    @Inject
    PurchaseConfig purchase;

    /** The mode, which is also the name the workflow is registered (and stored in DTM) under. */
    public abstract String mode();

    /**
     * The workflow: runs in {@link #purchase}, and again - from the top, with the branches DTM
     * recorded skipped - whenever DTM resumes it.
     */
    protected abstract void run(Workflow wf, PurchaseOrder order) throws Exception;

    @PostConstruct
    void register() {
        workflows.register(mode(), (wf, data) -> {
            run(wf, PurchaseOrder.fromWorkflow(wf.gid(), data));
            return null;
        }, wf -> {
            wf.options().compensateErrorBranch(true).grpcErrorToDtmError(UnreachableBranch::unreachableIsFailure);
            // DTM's deadline for its Execute callback (its default is 3 s), which the resumed
            // workflow's own calls inherit: give a branch the time the shop gives it in a purchase.
            wf.requestTimeout(purchase.branchTimeout().toSeconds());
        });
    }

    public PurchaseReply purchase(PurchaseOrder order) {
        LOG.infof("gid=%s %s purchase: %s", order.gid(), mode(), order.summary());
        try {
            workflows.execute(mode(), order.gid(), order.toWorkflowData());
        } catch (RuntimeException e) {
            PurchaseReply reply = PurchaseOutcome.of(order, mode(), e);
            LOG.infof("gid=%s %s %s: %s", order.gid(), mode(), reply.getStatus(), reply.getMessage());
            return reply;
        }
        LOG.infof("gid=%s %s succeeded", order.gid(), mode());
        return PurchaseOutcome.succeed(order, mode());
    }

    /** A saga branch: names its compensation first, so it is known even if the action dies half-way, then runs the action. */
    static void sagaBranch(Workflow wf, Message request, String action, String compensate) {
        wf.newBranch().onRollback(bb -> wf.callBranch(request, compensate));
        wf.callBranch(request, action);
    }

    /** A TCC branch: Confirm on commit, Cancel on rollback, then the Try as the action. */
    static void tccBranch(Workflow wf, Message request, String tryUrl, String confirmUrl, String cancelUrl) {
        wf.newBranch()
                .onCommit(bb -> wf.callBranch(request, confirmUrl))
                .onRollback(bb -> wf.callBranch(request, cancelUrl));
        wf.callBranch(request, tryUrl);
    }

    /**
     * An XA branch: the action (op "action") prepares the service's XA transaction; phase 2 calls
     * the same method again, with op "commit" or "rollback".
     */
    static void xaBranch(Workflow wf, Message request, String url) {
        wf.newBranch().onFinish((bb, rollback) -> wf.callBranch(request, url));
        wf.callBranch(request, url);
    }
}
