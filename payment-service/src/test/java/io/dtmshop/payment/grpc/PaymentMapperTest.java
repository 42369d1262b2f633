package io.dtmshop.payment.grpc;

import io.dtmshop.payment.model.Account;
import io.dtmshop.proto.payment.v1.PaymentReply;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PaymentMapperTest {

    @Test
    void accountCarriesBalanceAndFrozenCents() {
        Account account = new Account();
        account.userId = 1L;
        account.balanceCents = 10_000_000;
        account.frozenCents = 2500;

        assertEquals(io.dtmshop.proto.payment.v1.Account.newBuilder()
                .setUserId(1).setBalanceCents(10_000_000).setFrozenCents(2500).build(), PaymentMapper.toProto(account));
    }

    @Test
    void replyCarriesBalanceAfterTheCall() {
        assertEquals(PaymentReply.newBuilder().setOrderNo("gid-1").setBalanceCents(420001).build(),
                PaymentMapper.toReply("gid-1", 420001));
    }
}
