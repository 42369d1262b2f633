package io.dtmshop.dtmbranch;

import io.dtmshop.dtm.BranchContext;
import io.dtmshop.dtm.DtmBranchServerInterceptor;
import io.opentelemetry.api.trace.Span;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.Prioritized;

/**
 * Makes the DTM branch of every incoming gRPC call available as {@code BranchContext.current()},
 * and tags the call's trace span with it ({@code dtm.gid}, {@code dtm.trans_type},
 * {@code dtm.branch_id}, {@code dtm.op}), so a tracing UI finds every branch call of a transaction
 * by its gid.
 */
@ApplicationScoped
@GlobalInterceptor
public class DtmBranchInterceptor extends DtmBranchServerInterceptor implements Prioritized {

    /**
     * Quarkus calls global interceptors of higher priority first. Quarkus' OpenTelemetry server
     * interceptor has the default 0 and makes the call's span current while it starts the
     * interceptors inside it: below 0, this one is inside it and {@link Span#current()} is that span.
     */
    static final int INSIDE_TRACING = -100;

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
