package io.dtmshop.payment.service;

import io.dtmshop.dtm.DtmFailureException;
import io.dtmshop.payment.model.Account;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PaymentRulesTest {

    @Test
    void positiveAmountPasses() {
        assertDoesNotThrow(() -> PaymentRules.requirePositiveAmount(1, 1));
    }

    @Test
    void orderNumberFollowsTheGidRule() {
        assertDoesNotThrow(() -> PaymentRules.requireValid("Kf8xQ2nUq4vZbT7yR3mWcd", 1, 1));
        DtmFailureException e = assertThrows(DtmFailureException.class,
                () -> PaymentRules.requireValid("g".repeat(129), 1, 1));
        assertEquals("invalid payment for user 1: order_no is 129 characters long; at most 128 are allowed",
                e.getMessage());
        assertThrows(DtmFailureException.class, () -> PaymentRules.requireValid("g 1", 1, 1));
        assertThrows(DtmFailureException.class, () -> PaymentRules.requireValid("g-1", 1, 0));
    }

    @Test
    void zeroOrNegativeAmountRollsBack() {
        DtmFailureException e = assertThrows(DtmFailureException.class,
                () -> PaymentRules.requirePositiveAmount(1, -5));
        assertEquals("invalid amount for user 1: -0.05 (must be more than 0.00)", e.getMessage());
        assertThrows(DtmFailureException.class, () -> PaymentRules.requirePositiveAmount(1, 0));
    }

    @Test
    void refusalNamesNeededAndAvailableMoney() {
        DtmFailureException e = PaymentRules.withdrawalRefused(2, 79999, account(2, 100, 0));
        assertEquals("insufficient balance for user 2: needs 799.99, has 1.00 available", e.getMessage());
    }

    @Test
    void frozenMoneyIsNotAvailable() {
        DtmFailureException e = PaymentRules.withdrawalRefused(3, 5000, account(3, 5000, 1000));
        assertEquals("insufficient balance for user 3: needs 50.00, has 40.00 available", e.getMessage());
    }

    @Test
    void refusalWithoutAccountIsAnUnknownUser() {
        assertEquals("unknown user 99", PaymentRules.withdrawalRefused(99, 100, null).getMessage());
    }

    private static Account account(long userId, long balanceCents, long frozenCents) {
        Account account = new Account();
        account.userId = userId;
        account.balanceCents = balanceCents;
        account.frozenCents = frozenCents;
        return account;
    }
}
