package io.dtmshop.payment.grpc;

import io.dtmshop.payment.model.Account;
import io.dtmshop.payment.repository.PaymentRepository;
import io.dtmshop.payment.service.PaymentService;
import io.dtmshop.proto.payment.v1.AccountFigures;
import io.dtmshop.proto.payment.v1.PaymentAudit;
import io.dtmshop.proto.payment.v1.PaymentGroup;
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

    static PaymentAudit toAudit(PaymentService.PaymentAuditFigures figures) {
        PaymentAudit.Builder audit = PaymentAudit.newBuilder();
        for (Account account : figures.accounts()) {
            audit.addAccounts(AccountFigures.newBuilder()
                    .setUserId(account.userId)
                    .setInitialBalanceCents(account.initialBalanceCents)
                    .setBalanceCents(account.balanceCents)
                    .setFrozenCents(account.frozenCents));
        }
        for (PaymentRepository.PaymentGroup group : figures.payments()) {
            audit.addPayments(PaymentGroup.newBuilder()
                    .setUserId(group.userId())
                    .setStatus(group.status())
                    .setPayments(group.payments())
                    .setAmountCents(group.amountCents())
                    .setFingerprint(group.fingerprint()));
        }
        return audit.build();
    }

    static PaymentReply toReply(String orderNo, long balanceCents) {
        return PaymentReply.newBuilder().setOrderNo(orderNo).setBalanceCents(balanceCents).build();
    }
}
