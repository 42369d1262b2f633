-- initial_balance_cents: the money this account was opened with. The consistency audit
-- (GET /shop/audit) checks initial_balance_cents = balance_cents + the PAID payments.
-- Rows that exist already get it back from their PAID payments.
ALTER TABLE account ADD COLUMN initial_balance_cents BIGINT NOT NULL DEFAULT 0 AFTER user_id;
UPDATE account a SET a.initial_balance_cents = a.balance_cents + COALESCE((
    SELECT SUM(p.amount_cents) FROM payment p WHERE p.user_id = a.user_id AND p.status = 'PAID'), 0);
ALTER TABLE account ALTER COLUMN initial_balance_cents DROP DEFAULT;
