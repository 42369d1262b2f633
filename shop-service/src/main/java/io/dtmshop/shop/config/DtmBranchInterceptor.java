package io.dtmshop.shop.config;

import io.dtmshop.dtm.BranchContext;
import io.dtmshop.dtm.DtmBranchServerInterceptor;
import io.opentelemetry.api.trace.Span;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.Prioritized;

/**
 * Reads the {@code dtm-*} metadata of DTM's workflow callback (gid, workflow name) into
 * {@code BranchContext.current()} and onto the call's trace span ({@code dtm.gid}, ...); calls
 * without it (the gateway's purchases) pass untouched. Priority below Quarkus' OpenTelemetry
 * interceptor (0), so that its span is current here - as dtm-branch-service's DtmBranchInterceptor.
 */
@ApplicationScoped
@GlobalInterceptor
public class DtmBranchInterceptor extends DtmBranchServerInterceptor implements Prioritized {

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
