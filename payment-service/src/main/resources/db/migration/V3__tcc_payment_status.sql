-- TCC pays in two steps: Try freezes the amount and records the payment FROZEN, Confirm takes it
-- (PAID) and Cancel releases it (CANCELLED).
ALTER TABLE payment DROP CONSTRAINT payment_status;
ALTER TABLE payment ADD CONSTRAINT payment_status
  CHECK (status IN ('PAID', 'REFUNDED', 'FROZEN', 'CANCELLED'));
