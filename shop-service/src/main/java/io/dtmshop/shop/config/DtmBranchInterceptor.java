package io.dtmshop.shop.config;

import io.dtmshop.dtm.DtmBranchServerInterceptor;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads the {@code dtm-*} metadata of DTM's workflow callback (gid, workflow name) into
 * {@code BranchContext.current()}; calls without it (the gateway's purchases) pass untouched.
 */
@ApplicationScoped
@GlobalInterceptor
public class DtmBranchInterceptor extends DtmBranchServerInterceptor {
}
