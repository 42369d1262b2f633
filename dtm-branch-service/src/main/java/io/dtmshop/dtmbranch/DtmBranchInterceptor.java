package io.dtmshop.dtmbranch;

import io.dtmshop.dtm.DtmBranchServerInterceptor;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;

/** Makes the DTM branch of every incoming gRPC call available as {@code BranchContext.current()}. */
@ApplicationScoped
@GlobalInterceptor
public class DtmBranchInterceptor extends DtmBranchServerInterceptor {
}
