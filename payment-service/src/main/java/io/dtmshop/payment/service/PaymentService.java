package io.dtmshop.payment.service;

import io.agroal.api.AgroalDataSource;
import io.dtmshop.dtm.barrier.BranchBarrier;
import io.dtmshop.payment.model.Account;
import io.dtmshop.payment.model.Payment;
import io.dtmshop.payment.model.PaymentStatus;
import io.dtmshop.payment.repository.AccountRepository;
import io.dtmshop.payment.repository.PaymentRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Payments as DTM branches.
 *
 * <p>Each write runs in one JTA transaction that holds both the barrier rows and the business
 * rows: {@code dataSource.getConnection()} inside {@code @Transactional} is the connection enlisted
 * in that transaction, the same one Hibernate writes through. So a failure rolls back both, and a
 * commit makes both durable; DTM may call a branch any number of times and the money moves once.
 *
 * <p>{@code rollbackOn = SQLException.class}: JTA commits on checked exceptions by default, and a
 * barrier insert that fails half-way must not leave its first row behind.
 */
@ApplicationScoped
public class PaymentService {

    private final AgroalDataSource dataSource;
    private final AccountRepository accounts;
    private final PaymentRepository payments;

    public PaymentService(AgroalDataSource dataSource, AccountRepository accounts, PaymentRepository payments) {
        this.dataSource = dataSource;
        this.accounts = accounts;
        this.payments = payments;
    }

    public Optional<Account> findAccount(long userId) {
        return accounts.findByIdOptional(userId);
    }

    /**
     * SAGA action: takes the amount from the account and records the payment as PAID.
     *
     * @return the balance afterwards
     * @throws io.dtmshop.dtm.DtmFailureException invalid amount, unknown user or insufficient balance
     */
    @Transactional(rollbackOn = SQLException.class)
    public long pay(BranchBarrier barrier, String orderNo, long userId, long amountCents) throws SQLException {
        try (Connection tx = dataSource.getConnection()) {
            barrier.call(tx, ignored -> {
                PaymentRules.requirePositiveAmount(userId, amountCents);
                if (!accounts.withdraw(userId, amountCents)) {
                    throw PaymentRules.withdrawalRefused(userId, amountCents, accounts.findById(userId));
                }
                payments.persist(newPayment(orderNo, userId, amountCents));
            });
        }
        return balanceOf(userId);
    }

    /**
     * SAGA compensation of {@link #pay}: gives the amount back and marks the payment REFUNDED.
     * The barrier skips it when the payment never happened, so it only returns money that was taken.
     *
     * @return the balance afterwards
     */
    @Transactional(rollbackOn = SQLException.class)
    public long refund(BranchBarrier barrier, String orderNo, long userId) throws SQLException {
        try (Connection tx = dataSource.getConnection()) {
            barrier.call(tx, ignored -> {
                // pay committed, so both rows existed: if one is gone, that is not a business
                // failure (a compensation must not fail) but something to fix; DTM retries meanwhile.
                // Give back what was recorded as paid, not what the request says: a compensation
                // must undo its action exactly, whatever payload it is handed.
                Payment payment = payments.findByOrderNo(orderNo).orElseThrow(() ->
                        new IllegalStateException("cannot refund order " + orderNo + ": no payment"));
                if (payment.status != PaymentStatus.PAID) {
                    throw new IllegalStateException("cannot refund order " + orderNo + ": payment is " + payment.status);
                }
                if (!accounts.deposit(payment.userId, payment.amountCents)) {
                    throw new IllegalStateException("cannot refund order " + orderNo + ": user " + payment.userId
                            + " has no account");
                }
                payment.status = PaymentStatus.REFUNDED;
                payments.flush(); // write it inside the barrier's transaction now, not at commit
            });
        }
        return balanceOf(userId);
    }

    /** Balance as the reply reports it; 0 when there is no account (e.g. a skipped null compensation). */
    private long balanceOf(long userId) {
        Account account = accounts.findById(userId);
        return account == null ? 0 : account.balanceCents;
    }

    private static Payment newPayment(String orderNo, long userId, long amountCents) {
        Payment payment = new Payment();
        payment.orderNo = orderNo;
        payment.userId = userId;
        payment.amountCents = amountCents;
        payment.status = PaymentStatus.PAID;
        return payment;
    }
}
