-- payment_db: accounts and payments. Money is integer cents.

-- frozen_cents: money set aside but not yet spent (e.g. by a TCC try); payments cannot use it.
-- Payments are guarded in their UPDATE (balance - frozen >= amount); the CHECK is the last line.
CREATE TABLE account (
  user_id       BIGINT NOT NULL,
  balance_cents BIGINT NOT NULL,
  frozen_cents  BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id),
  CONSTRAINT account_not_negative CHECK (balance_cents >= 0 AND frozen_cents >= 0 AND frozen_cents <= balance_cents)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- At most one payment per order; order_no is the DTM gid of the purchase.
CREATE TABLE payment (
  id           BIGINT       NOT NULL AUTO_INCREMENT,
  order_no     VARCHAR(128) NOT NULL,
  user_id      BIGINT       NOT NULL,
  amount_cents BIGINT       NOT NULL,
  status       VARCHAR(16)  NOT NULL,
  created_at   DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at   DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (id),
  UNIQUE KEY uniq_payment_order_no (order_no),
  CONSTRAINT payment_account FOREIGN KEY (user_id) REFERENCES account (user_id),
  CONSTRAINT payment_status CHECK (status IN ('PAID', 'REFUNDED')),
  CONSTRAINT payment_amount_positive CHECK (amount_cents > 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- The branch barrier table dtm_barrier comes from dtm-client (db/dtm-barrier/V0_1__dtm_barrier.sql).
