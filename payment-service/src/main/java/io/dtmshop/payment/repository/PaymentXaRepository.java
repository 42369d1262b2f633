package io.dtmshop.payment.repository;

import io.dtmshop.payment.model.Account;
import io.dtmshop.payment.model.PaymentStatus;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The XA branch's writes, in plain JDBC. An XA branch must run every statement on the one
 * connection that carries its XA transaction ({@code XA START ... XA PREPARE}); Hibernate works on
 * connections of its own, so it cannot take part. The withdrawal is the same guarded statement as
 * {@link AccountRepository#withdraw}.
 */
@ApplicationScoped
public class PaymentXaRepository {

    /** Same guard as {@link AccountRepository#withdraw}. @return false when nothing was withdrawn */
    public boolean withdraw(Connection xa, long userId, long amountCents) throws SQLException {
        try (PreparedStatement ps = xa.prepareStatement("update account set balance_cents = balance_cents - ? "
                + "where user_id = ? and balance_cents - frozen_cents >= ?")) {
            ps.setLong(1, amountCents);
            ps.setLong(2, userId);
            ps.setLong(3, amountCents);
            return ps.executeUpdate() == 1;
        }
    }

    /** The account as this XA transaction sees it (a detached entity), or null when there is none. */
    public Account findAccount(Connection xa, long userId) throws SQLException {
        try (PreparedStatement ps = xa.prepareStatement(
                "select balance_cents, frozen_cents from account where user_id = ?")) {
            ps.setLong(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Account account = new Account();
                account.userId = userId;
                account.balanceCents = rs.getLong(1);
                account.frozenCents = rs.getLong(2);
                return account;
            }
        }
    }

    /** Records the payment; created_at and updated_at take the table's defaults. */
    public void insertPayment(Connection xa, String orderNo, long userId, long amountCents, PaymentStatus status)
            throws SQLException {
        try (PreparedStatement ps = xa.prepareStatement(
                "insert into payment (order_no, user_id, amount_cents, status) values (?, ?, ?, ?)")) {
            ps.setString(1, orderNo);
            ps.setLong(2, userId);
            ps.setLong(3, amountCents);
            ps.setString(4, status.name());
            ps.executeUpdate();
        }
    }
}
