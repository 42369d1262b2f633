package io.dtmshop.dtmbranch;

import io.dtmshop.dtm.BranchContext;
import io.dtmshop.dtm.BranchOps;
import io.dtmshop.dtm.BranchToken;
import io.dtmshop.dtm.DtmBranchServerInterceptor;
import io.dtmshop.dtm.barrier.BranchBarrier;
import io.opentelemetry.api.trace.Span;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.inject.spi.Prioritized;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * dtm-client's branch interceptor for a branch service: every call of a method in the service's
 * {@link BranchOps} table must carry one of the method's (trans type, op) pairs and a valid
 * {@link BranchToken}, or it is refused before its handler runs; the branch of the call is made
 * available as {@code BranchContext.current()} and tags the call's trace span ({@code dtm.gid},
 * {@code dtm.trans_type}, {@code dtm.branch_id}, {@code dtm.op}), so a tracing UI finds every branch
 * call of a transaction by its gid.
 */
@Singleton
@GlobalInterceptor
public class DtmBranchInterceptor extends DtmBranchServerInterceptor implements Prioritized {

    /**
     * Quarkus calls global interceptors of higher priority first. Quarkus' OpenTelemetry server
     * interceptor has the default 0 and makes the call's span current while it starts the
     * interceptors inside it: below 0, this one is inside it and {@link Span#current()} is that span.
     */
    static final int INSIDE_TRACING = -100;

    /** @param ops the service's branch methods, each service produces its own table */
    @Inject
    public DtmBranchInterceptor(BranchToken tokens, BranchOps ops) {
        super(tokens, ops);
        // Each service keeps its barrier rows in its own database, in the table dtm-client's Flyway
        // migrations (db/dtm-barrier) create there; dtm-client's default is Go's dtm_barrier.barrier.
        // Chosen here because every branch call passes this interceptor, which gRPC builds before
        // it serves the first call.
        BranchBarrier.setDefaultTableName(BranchBarrier.SERVICE_TABLE_NAME);
    }

    @Override
    protected void onBranchCall(BranchContext branch) {
        Span span = Span.current();
        branch.traceAttributes().forEach(span::setAttribute);
    }

    @Override
    public int getPriority() {
        return INSIDE_TRACING;
    }
}
