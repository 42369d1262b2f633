package io.dtmshop.payment.service;

import io.agroal.api.AgroalDataSource;
import io.dtmshop.dtm.DbConf;
import io.dtmshop.dtm.DtmGrpcClient;
import io.dtmshop.dtm.barrier.BranchBarrier;
import io.dtmshop.payment.model.Account;
import io.dtmshop.payment.model.Payment;
import io.dtmshop.payment.model.PaymentStatus;
import io.dtmshop.payment.repository.AccountRepository;
import io.dtmshop.payment.repository.PaymentRepository;
import io.dtmshop.payment.repository.PaymentXaRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Payments as DTM branches.
 *
 * <p>Each write runs in one JTA transaction that holds both the barrier rows and the business
 * rows: {@code barrier.callInTransaction(dataSource, ...)} inside {@code @Transactional} takes the connection enlisted
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
    private final PaymentXaRepository xaPayments;
    private final DtmGrpcClient dtm;
    private final DbConf xaDb;

    public PaymentService(AgroalDataSource dataSource, AccountRepository accounts, PaymentRepository payments,
            PaymentXaRepository xaPayments, DtmGrpcClient dtm, DbConf xaDb) {
        this.dataSource = dataSource;
        this.accounts = accounts;
        this.payments = payments;
        this.xaPayments = xaPayments;
        this.dtm = dtm;
        this.xaDb = xaDb;
    }

    /** The consistency audit's figures: these users' accounts (or every account when empty) and payments. */
    public PaymentAuditFigures audit(List<Long> userIds) {
        return new PaymentAuditFigures(accounts.listForAudit(userIds), payments.sumUpForAudit(userIds));
    }

    public record PaymentAuditFigures(List<Account> accounts, List<PaymentRepository.PaymentGroup> payments) {
    }

    public Optional<Account> findAccount(long userId) {
        return accounts.findByIdOptional(userId);
    }

    /**
     * SAGA action: takes the amount from the account and records the payment as PAID.
     *
     * @return the balance afterwards
     * @throws io.dtmshop.dtm.DtmFailureException invalid order number or amount, unknown user or insufficient balance
     */
    @Transactional(rollbackOn = SQLException.class)
    public long pay(BranchBarrier barrier, String orderNo, long userId, long amountCents) throws SQLException {
        barrier.callInTransaction(dataSource, ignored -> takeMoney(orderNo, userId, amountCents));
        return balanceOf(userId);
    }

    /**
     * The row writes of {@link #pay} without the barrier, for the {@code direct} benchmark
     * baseline (no DTM): balance down and a PAID payment; a repeated call pays again.
     *
     * @return the balance afterwards
     * @throws io.dtmshop.dtm.DtmFailureException invalid order number or amount, unknown user or not enough money
     */
    @Transactional
    public long payWithoutBarrier(String orderNo, long userId, long amountCents) {
        takeMoney(orderNo, userId, amountCents);
        return balanceOf(userId);
    }

    /** The row writes of a payment: the guarded balance UPDATE and the PAID payment. */
    private void takeMoney(String orderNo, long userId, long amountCents) {
        PaymentRules.requireValid(orderNo, userId, amountCents);
        if (!accounts.withdraw(userId, amountCents)) {
            throw PaymentRules.withdrawalRefused(userId, amountCents, accounts.findById(userId));
        }
        payments.persist(newPayment(orderNo, userId, amountCents, PaymentStatus.PAID));
    }

    /**
     * SAGA compensation of {@link #pay}: gives the amount back and marks the payment REFUNDED.
     * The barrier skips it when the payment never happened, so it only returns money that was taken.
     *
     * @return the balance afterwards
     */
    @Transactional(rollbackOn = SQLException.class)
    public long refund(BranchBarrier barrier, String orderNo, long userId) throws SQLException {
        barrier.callInTransaction(dataSource, ignored -> {
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
        return balanceOf(userId);
    }

    /**
     * TCC Try: freezes the amount ({@code frozen += amount}) where the balance not frozen covers
     * it, and records the payment as FROZEN. The money stays in the balance, so a Cancel has
     * nothing to give back but the freeze. The barrier makes a repeated Try a no-op and a Try that
     * arrives after its Cancel do nothing.
     *
     * @return the balance afterwards (frozen money included)
     * @throws io.dtmshop.dtm.DtmFailureException invalid order number or amount, unknown user or insufficient balance
     */
    @Transactional(rollbackOn = SQLException.class)
    public long tryPay(BranchBarrier barrier, String orderNo, long userId, long amountCents) throws SQLException {
        barrier.callInTransaction(dataSource, ignored -> {
            PaymentRules.requireValid(orderNo, userId, amountCents);
            if (!accounts.freeze(userId, amountCents)) {
                throw PaymentRules.withdrawalRefused(userId, amountCents, accounts.findById(userId));
            }
            payments.persist(newPayment(orderNo, userId, amountCents, PaymentStatus.FROZEN));
        });
        return balanceOf(userId);
    }

    /**
     * TCC Confirm: takes the frozen amount ({@code balance -= amount, frozen -= amount}) and marks
     * the payment PAID. DTM calls it only after every Try succeeded, and retries it until it
     * succeeds.
     *
     * @param userId only for the reply's balance: the money moves on the recorded payment's figures
     * @return the balance afterwards
     */
    @Transactional(rollbackOn = SQLException.class)
    public long confirmPay(BranchBarrier barrier, String orderNo, long userId) throws SQLException {
        barrier.callInTransaction(dataSource, ignored -> {
            // The Try committed a FROZEN payment and its freeze: if either is gone that is not a
            // business failure (a Confirm must not fail) but something to fix; DTM retries
            // meanwhile. Take what was recorded as frozen, not what the request says.
            Payment payment = frozenPayment("confirm", orderNo);
            if (!accounts.takeFrozen(payment.userId, payment.amountCents)) {
                throw new IllegalStateException("cannot confirm order " + orderNo + ": user " + payment.userId
                        + " has less than " + Money.format(payment.amountCents) + " frozen");
            }
            payment.status = PaymentStatus.PAID;
            payments.flush(); // write it inside the barrier's transaction now, not at commit
        });
        return balanceOf(userId);
    }

    /**
     * TCC Cancel: releases the frozen amount ({@code frozen -= amount}); the balance is untouched,
     * because the Try never took anything out of it. The payment becomes CANCELLED. The barrier
     * skips it when the Try never ran (or failed), so it only releases what was frozen.
     *
     * @param userId only for the reply's balance: the money moves on the recorded payment's figures
     * @return the balance afterwards
     */
    @Transactional(rollbackOn = SQLException.class)
    public long cancelPay(BranchBarrier barrier, String orderNo, long userId) throws SQLException {
        barrier.callInTransaction(dataSource, ignored -> {
            // As in confirmPay: a Cancel must not fail, so DTM retries until this is fixed.
            Payment payment = frozenPayment("cancel", orderNo);
            if (!accounts.unfreeze(payment.userId, payment.amountCents)) {
                throw new IllegalStateException("cannot cancel order " + orderNo + ": user " + payment.userId
                        + " has less than " + Money.format(payment.amountCents) + " frozen");
            }
            payment.status = PaymentStatus.CANCELLED;
            payments.flush(); // write it inside the barrier's transaction now, not at commit
        });
        return balanceOf(userId);
    }

    /**
     * XA branch: with op "action" takes the amount and records the payment PAID inside a database
     * XA transaction, which dtm-client registers with DTM and prepares; the account row stays
     * locked until DTM's phase 2 (op "commit" or "rollback", empty request) commits or rolls it
     * back. Not in a container transaction: the XA transaction is the transaction.
     *
     * @return the balance as the branch left it (uncommitted for an action); 0 for phase 2
     * @throws io.dtmshop.dtm.DtmFailureException invalid order number or amount, unknown user or insufficient balance:
     *         nothing was prepared
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public long xaPay(String orderNo, long userId, long amountCents) throws SQLException {
        long[] balance = {0};
        dtm.xaLocalTransaction(xaDb, xa -> {
            PaymentRules.requireValid(orderNo, userId, amountCents);
            if (!xaPayments.withdraw(xa, userId, amountCents)) {
                throw PaymentRules.withdrawalRefused(userId, amountCents, xaPayments.findAccount(xa, userId));
            }
            xaPayments.insertPayment(xa, orderNo, userId, amountCents, PaymentStatus.PAID);
            balance[0] = xaPayments.findAccount(xa, userId).balanceCents;
        });
        return balance[0];
    }

    /** The payment a TCC Try recorded, still FROZEN; anything else is for DTM to retry, not a business failure. */
    private Payment frozenPayment(String step, String orderNo) {
        Payment payment = payments.findByOrderNo(orderNo).orElseThrow(() ->
                new IllegalStateException("cannot " + step + " order " + orderNo + ": no payment"));
        if (payment.status != PaymentStatus.FROZEN) {
            throw new IllegalStateException("cannot " + step + " order " + orderNo + ": payment is " + payment.status
                    + ", not FROZEN");
        }
        return payment;
    }

    /** Balance as the reply reports it; 0 when there is no account (e.g. a skipped null compensation). */
    private long balanceOf(long userId) {
        Account account = accounts.findById(userId);
        return account == null ? 0 : account.balanceCents;
    }

    private static Payment newPayment(String orderNo, long userId, long amountCents, PaymentStatus status) {
        Payment payment = new Payment();
        payment.orderNo = orderNo;
        payment.userId = userId;
        payment.amountCents = amountCents;
        payment.status = status;
        return payment;
    }
}
