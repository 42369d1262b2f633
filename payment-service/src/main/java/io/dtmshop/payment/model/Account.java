package io.dtmshop.payment.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A user's money, in integer cents. Read through this entity, but changed only by guarded bulk
 * updates in {@link io.dtmshop.payment.repository.AccountRepository}.
 */
@Entity
@Table(name = "account")
public class Account {

    @Id
    @Column(name = "user_id")
    public Long userId;

    /** The money the account was opened with; only the consistency audit reads it. */
    @Column(name = "initial_balance_cents", nullable = false)
    public long initialBalanceCents;

    @Column(name = "balance_cents", nullable = false)
    public long balanceCents;

    /** Money set aside but not yet spent; it cannot pay for anything else. */
    @Column(name = "frozen_cents", nullable = false)
    public long frozenCents;

    public long availableCents() {
        return balanceCents - frozenCents;
    }
}
