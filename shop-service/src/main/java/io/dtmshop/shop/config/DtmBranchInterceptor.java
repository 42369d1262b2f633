package io.dtmshop.shop.config;

import io.dtmshop.dtm.BranchContext;
import io.dtmshop.dtm.BranchOp;
import io.dtmshop.dtm.BranchOps;
import io.dtmshop.dtm.BranchToken;
import io.dtmshop.dtm.DtmBranchServerInterceptor;
import io.dtmshop.dtm.grpc.gen.WorkflowGrpc;
import io.dtmshop.shop.purchase.MixedWorkflowPurchase;
import io.dtmshop.shop.purchase.SagaWorkflowPurchase;
import io.dtmshop.shop.purchase.TccWorkflowPurchase;
import io.dtmshop.shop.purchase.XaWorkflowPurchase;
import io.opentelemetry.api.trace.Span;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.inject.spi.Prioritized;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The shop's one branch method is DTM's workflow callback ({@code workflow.Workflow/Execute}, trans
 * type workflow, op = the workflow's name): it must carry the {@link BranchToken} the shop signed the
 * workflow with, and is otherwise refused with an error DTM retries. Its {@code dtm-*} metadata
 * (gid, workflow name) goes into {@code BranchContext.current()} and onto the call's trace span
 * ({@code dtm.gid}, ...); calls without it (the gateway's purchases) pass untouched. Priority below
 * Quarkus' OpenTelemetry interceptor (0), so that its span is current here - as
 * dtm-branch-service's DtmBranchInterceptor.
 */
@Singleton
@GlobalInterceptor
public class DtmBranchInterceptor extends DtmBranchServerInterceptor implements Prioritized {

    /** The workflows DTM may resume here, one pair per registered name. */
    static final BranchOps OPS = new BranchOps()
            .method(WorkflowGrpc.getExecuteMethod()).finishes(
                    BranchOp.workflowResume(SagaWorkflowPurchase.MODE), BranchOp.workflowResume(TccWorkflowPurchase.MODE),
                    BranchOp.workflowResume(XaWorkflowPurchase.MODE), BranchOp.workflowResume(MixedWorkflowPurchase.MODE))
            .done();

    @Inject
    public DtmBranchInterceptor(BranchToken tokens) {
        super(tokens, OPS);
    }

    @Override
    protected void onBranchCall(BranchContext branch) {
        Span span = Span.current();
        branch.traceAttributes().forEach(span::setAttribute);
    }

    @Override
    public int getPriority() {
        return -100;
    }
}
