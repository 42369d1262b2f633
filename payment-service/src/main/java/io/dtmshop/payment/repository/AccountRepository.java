package io.dtmshop.payment.repository;

import io.dtmshop.payment.model.Account;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Balance changes are single guarded UPDATE statements rather than read-modify-write on the
 * entity: the database checks the balance and changes the row atomically, so two payments racing
 * for the same money cannot both succeed.
 */
@ApplicationScoped
public class AccountRepository implements PanacheRepositoryBase<Account, Long> {

    /** The accounts of these users, or every account when the list is empty. */
    public List<Account> listForAudit(List<Long> userIds) {
        return userIds.isEmpty() ? listAll() : list("userId in ?1", userIds);
    }

    /**
     * Takes {@code amountCents} if the balance not frozen covers it.
     *
     * @return false when the user has no account or not enough available money; nothing changed then
     */
    public boolean withdraw(long userId, long amountCents) {
        return update("balanceCents = balanceCents - ?1 where userId = ?2 and balanceCents - frozenCents >= ?1",
                amountCents, userId) == 1;
    }

    /**
     * TCC Try: sets {@code amountCents} aside if the balance not frozen covers it; it stays in the
     * balance but no other payment can use it.
     *
     * @return false when the user has no account or not enough available money; nothing changed then
     */
    public boolean freeze(long userId, long amountCents) {
        return update("frozenCents = frozenCents + ?1 where userId = ?2 and balanceCents - frozenCents >= ?1",
                amountCents, userId) == 1;
    }

    /**
     * TCC Confirm: takes {@code amountCents} of frozen money out of the balance.
     *
     * @return false when the user has no account or less money frozen
     */
    public boolean takeFrozen(long userId, long amountCents) {
        return update("balanceCents = balanceCents - ?1, frozenCents = frozenCents - ?1 where userId = ?2 "
                + "and frozenCents >= ?1", amountCents, userId) == 1;
    }

    /**
     * TCC Cancel: releases {@code amountCents} of frozen money; the balance itself never moved.
     *
     * @return false when the user has no account or less money frozen
     */
    public boolean unfreeze(long userId, long amountCents) {
        return update("frozenCents = frozenCents - ?1 where userId = ?2 and frozenCents >= ?1",
                amountCents, userId) == 1;
    }

    /** @return false when the user has no account */
    public boolean deposit(long userId, long amountCents) {
        return update("balanceCents = balanceCents + ?1 where userId = ?2", amountCents, userId) == 1;
    }
}
