package io.dtmshop.payment.grpc;

import io.dtmshop.payment.model.Account;
import io.dtmshop.proto.payment.v1.PaymentReply;

/** Entities to payment.v1 messages. */
final class PaymentMapper {

    private PaymentMapper() {
    }

    static io.dtmshop.proto.payment.v1.Account toProto(Account account) {
        return io.dtmshop.proto.payment.v1.Account.newBuilder()
                .setUserId(account.userId)
                .setBalanceCents(account.balanceCents)
                .setFrozenCents(account.frozenCents)
                .build();
    }

    static PaymentReply toReply(String orderNo, long balanceCents) {
        return PaymentReply.newBuilder().setOrderNo(orderNo).setBalanceCents(balanceCents).build();
    }
}
