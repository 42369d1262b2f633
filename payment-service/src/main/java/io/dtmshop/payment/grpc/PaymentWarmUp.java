package io.dtmshop.payment.grpc;

import io.dtmshop.dtmbranch.BranchWarmUp;
import io.dtmshop.proto.payment.v1.PaymentRequest;
import io.dtmshop.proto.payment.v1.PaymentServiceGrpc;
import io.grpc.Channel;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * payment-service's warm-up before Consul lists it (see {@link BranchWarmUp}): a Pay that its
 * guarded UPDATE refuses - the most a BIGINT holds (only a balance of exactly that, nothing frozen,
 * could pay it), from user 0 - and whose refusal then looks the account up, as GetAccount does.
 */
@ApplicationScoped
public class PaymentWarmUp extends BranchWarmUp {

    @Override
    protected void calls(Channel ownServer) {
        refusedSagaAction(ownServer, PaymentServiceGrpc.getPayMethod(), gid -> PaymentRequest.newBuilder()
                .setOrderNo(gid).setUserId(0).setAmountCents(Long.MAX_VALUE).build());
    }
}
